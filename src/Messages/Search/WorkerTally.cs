using MessagePack;

namespace EvoPo.Messages.Search;

/// <summary>What one worker has done for a run: `evopo status` shows it per worker.</summary>
[MessagePackObject]
public sealed record WorkerTally(
    [property: Key(0)] string Address,
    [property: Key(1)] int Capacity,
    [property: Key(2)] int Units,
    [property: Key(3)] double ComputeSeconds,
    [property: Key(4)] long LastSeenUnixMs)
{
    public WorkerTally Add(UnitCompleted unit) => new(
        Address,
        unit.WorkerCapacity > 0 ? unit.WorkerCapacity : Capacity,
        Units + 1,
        ComputeSeconds + unit.TrainSeconds + unit.EvalSeconds,
        Math.Max(LastSeenUnixMs, unit.CompletedAtUnixMs));
}
