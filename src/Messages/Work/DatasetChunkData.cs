using MessagePack;

namespace EvoPo.Messages.Work;

/// <summary>The pairs a <see cref="DatasetChunkWork"/> asked for: both trajectories of each, its label and whether noise flipped it.</summary>
[MessagePackObject]
public sealed record DatasetChunkData(
    [property: Key(0)] int FirstPair,
    [property: Key(1)] int MaxLength,
    [property: Key(2)] int ObsDim,
    [property: Key(3)] int ActDim,
    [property: Key(4)] TrajectoryBlockData First,
    [property: Key(5)] TrajectoryBlockData Second,
    [property: Key(6)] byte[] Labels,
    [property: Key(7)] bool[] Flipped);
