using MessagePack;

namespace EvoPo.Messages.Work;

/// <summary>
/// Marks a dataset-building unit (<c>evopo dataset</c> through the cluster): the worker rolls out pairs
/// <paramref name="FirstPair"/> .. <paramref name="FirstPair"/> + <paramref name="Pairs"/> − 1 of the dataset the two
/// agents and the spec fields make on the task, and answers them in <see cref="UnitResult.DatasetChunk"/>. The unit has no
/// candidates and its plan trains nothing; the agents travel by content hash, like a run's artifacts.
/// </summary>
/// <param name="Variant">base, noisy or mixed.</param>
/// <param name="TotalPairs">The whole dataset's pairs (part of its spec: the pairs themselves do not depend on it).</param>
[MessagePackObject]
public sealed record DatasetChunkWork(
    [property: Key(0)] ArtifactRef Original,
    [property: Key(1)] ArtifactRef Target,
    [property: Key(2)] string Task,
    [property: Key(3)] int EpisodeLength,
    [property: Key(4)] string Variant,
    [property: Key(5)] double NoiseEpsilon,
    [property: Key(6)] double JudgeTemperature,
    [property: Key(7)] ulong Seed,
    [property: Key(8)] bool StochasticRollouts,
    [property: Key(9)] int TotalPairs,
    [property: Key(10)] int FirstPair,
    [property: Key(11)] int Pairs);
