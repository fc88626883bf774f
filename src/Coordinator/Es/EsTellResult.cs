namespace EvoPo.Coordinator.Es;

/// <summary>The state after a generation, and the statistics of the fitness that produced it.</summary>
public sealed record EsTellResult(EsState State, GenerationStats Stats);
