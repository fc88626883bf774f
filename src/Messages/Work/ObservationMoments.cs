using MessagePack;

namespace EvoPo.Messages.Work;

/// <summary>Observation statistics of one candidate's rollouts: count, per-dimension mean and sum of squared deviations (Welford's M2).</summary>
[MessagePackObject]
public sealed record ObservationMoments(
    [property: Key(0)] long Count,
    [property: Key(1)] double[] Mean,
    [property: Key(2)] double[] M2);
