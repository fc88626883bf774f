using MessagePack;

namespace EvoPo.Messages.Work;

/// <summary>Fitness of each candidate of a unit, in candidate order; NaN marks a candidate whose training diverged.</summary>
[MessagePackObject]
public sealed record UnitResult(
    [property: Key(0)] UnitId Id,
    [property: Key(1)] double[] Fitness,
    [property: Key(2)] double TrainSeconds,
    [property: Key(3)] double EvalSeconds,
    [property: Key(4)] string Worker) : IEvoPoMessage;
