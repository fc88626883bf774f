using MessagePack;

namespace EvoPo.Messages.Work;

/// <summary>One objective to train with: a zoo name with hyperparameters, and for learned (MPO) objectives the parameter vector.</summary>
[MessagePackObject]
public sealed record CandidateObjective(
    [property: Key(0)] string Name,
    [property: Key(1)] IReadOnlyDictionary<string, double> Hyperparameters,
    [property: Key(2)] double[]? Parameters);
