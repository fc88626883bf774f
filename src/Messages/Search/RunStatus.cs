using MessagePack;

namespace EvoPo.Messages.Search;

/// <summary>What `evopo status` shows: a run's phase, progress and the digest of its ES mean.</summary>
[MessagePackObject]
public sealed record RunStatus(
    [property: Key(0)] string RunId,
    [property: Key(1)] string State,
    [property: Key(2)] int Generation,
    [property: Key(3)] int Generations,
    [property: Key(4)] string MeanDigest,
    [property: Key(5)] double BestFitness,
    [property: Key(6)] int CompletedUnitsInGeneration,
    [property: Key(7)] string? FailureReason,
    [property: Key(8)] WorkerTally[]? Workers = null) : IEvoPoMessage;
