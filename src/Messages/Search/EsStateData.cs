using MessagePack;

namespace EvoPo.Messages.Search;

/// <summary>The full ES state as data, for snapshots: restoring it continues the search bit for bit.</summary>
[MessagePackObject]
public sealed record EsStateData(
    [property: Key(0)] int Generation,
    [property: Key(1)] double[] Mean,
    [property: Key(2)] double Sigma,
    [property: Key(3)] double[] AdamM,
    [property: Key(4)] double[] AdamV,
    [property: Key(5)] long AdamStep,
    [property: Key(6)] double BestFitness,
    [property: Key(7)] double[]? BestParameters);
