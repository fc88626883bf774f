namespace EvoPo.Coordinator.Search;

/// <summary>Worker seconds of one generation's units: training the candidates and evaluating them (summed over units).</summary>
public sealed record GenerationTiming(double TrainSeconds, double EvalSeconds);
