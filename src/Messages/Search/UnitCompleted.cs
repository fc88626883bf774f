using EvoPo.Messages.Work;
using MessagePack;

namespace EvoPo.Messages.Search;

/// <summary>A unit's fitness, persisted once; replay restores it without re-running the unit.</summary>
[MessagePackObject]
public sealed record UnitCompleted(
    [property: Key(0)] UnitId Id,
    [property: Key(1)] double[] Fitness,
    [property: Key(2)] double TrainSeconds,
    [property: Key(3)] double EvalSeconds,
    [property: Key(4)] string Worker) : IEvoPoMessage;
