using MessagePack;

namespace EvoPo.Messages.Work;

/// <summary>
/// A block of <paramref name="Count"/> padded trajectories on the wire: the float32 arrays as their little-endian bytes
/// (MessagePack bin, 4 bytes a value instead of 5), the scalars as they are. Layout as the dataset file's blocks.
/// </summary>
[MessagePackObject]
public sealed record TrajectoryBlockData(
    [property: Key(0)] int Count,
    [property: Key(1)] byte[] Observations,
    [property: Key(2)] byte[] Actions,
    [property: Key(3)] byte[] BehaviourLogProbs,
    [property: Key(4)] int[] Lengths,
    [property: Key(5)] double[] Returns,
    [property: Key(6)] byte[] Sources);
