using EvoPo.Messages.Work;
using MessagePack;

namespace EvoPo.Messages.Search;

/// <summary>
/// A unit's fitness, persisted once; replay restores it without re-running the unit. The worker's capacity and
/// the completion time only feed `evopo status` (per-worker table); events journaled before they existed read as 0.
/// A pretraining unit with observation normalization stores its candidates' observation statistics (null otherwise).
/// </summary>
[MessagePackObject]
public sealed record UnitCompleted(
    [property: Key(0)] UnitId Id,
    [property: Key(1)] double[] Fitness,
    [property: Key(2)] double TrainSeconds,
    [property: Key(3)] double EvalSeconds,
    [property: Key(4)] string Worker,
    [property: Key(5)] int WorkerCapacity = 0,
    [property: Key(6)] long CompletedAtUnixMs = 0,
    [property: Key(7)] ObservationMoments[]? Observations = null) : IEvoPoMessage;
