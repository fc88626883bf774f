using MessagePack;

namespace EvoPo.Messages.Search;

/// <summary>All fitness of a generation is in and the ES stepped; the digest lets a replay check it reached the same mean.</summary>
[MessagePackObject]
public sealed record GenerationCompleted(
    [property: Key(0)] int Generation,
    [property: Key(1)] string MeanDigest,
    [property: Key(2)] double MeanFitness,
    [property: Key(3)] double MaxFitness,
    [property: Key(4)] double MinFitness,
    [property: Key(5)] double StdFitness,
    [property: Key(6)] int FailedCandidates,
    [property: Key(7)] double Sigma,
    [property: Key(8)] double WallSeconds,
    [property: Key(9)] double ComputeSeconds) : IEvoPoMessage;
