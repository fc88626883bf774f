using System.Runtime.InteropServices;
using EvoPo.Messages.Work;
using EvoPo.Simulation.Datasets;

namespace EvoPo.GpuWorker.Node;

/// <summary>
/// A <see cref="DatasetChunk"/> to and from its wire form (<see cref="DatasetChunkData"/>), and a unit's spec to and from
/// <see cref="DatasetChunkWork"/>. Float arrays travel as their bytes, so the chunk a coordinator writes is bit for bit the
/// one its worker built. Reading checks every length against the shape it claims: a malformed answer is refused, not written.
/// </summary>
public static class DatasetChunkWire
{
    public static DatasetChunkData ToData(DatasetChunk chunk) => new(chunk.FirstPair, chunk.First.MaxLength, chunk.First.ObsDim, chunk.First.ActDim,
        ToData(chunk.First), ToData(chunk.Second), chunk.Labels, chunk.Flipped);

    /// <exception cref="ArgumentException">The data does not describe a chunk of that shape.</exception>
    public static DatasetChunk FromData(DatasetChunkData data)
    {
        var count = data.Labels.Length;
        if (data.Flipped.Length != count || data.First.Count != count || data.Second.Count != count)
            throw new ArgumentException($"chunk at pair {data.FirstPair}: {count} labels, {data.Flipped.Length} flips, blocks of {data.First.Count} and {data.Second.Count}");
        return new DatasetChunk(data.FirstPair, FromData(data.First, data.MaxLength, data.ObsDim, data.ActDim),
            FromData(data.Second, data.MaxLength, data.ObsDim, data.ActDim), data.Labels, data.Flipped);
    }

    public static DatasetChunkWork ToWork(ArtifactRef original, ArtifactRef target, string task, int episodeLength, DatasetSpec spec, int firstPair, int pairs) =>
        new(original, target, task, episodeLength, spec.Variant.ToString().ToLowerInvariant(), spec.NoiseEpsilon, spec.JudgeTemperature, spec.Seed,
            spec.StochasticRollouts, spec.Pairs, firstPair, pairs);

    /// <exception cref="ArgumentException">An unknown variant, or a spec <see cref="DatasetSpec.Validate"/> refuses.</exception>
    public static DatasetSpec SpecOf(DatasetChunkWork work)
    {
        if (!Enum.TryParse<DatasetVariant>(work.Variant, ignoreCase: true, out var variant) || !Enum.IsDefined(variant) || int.TryParse(work.Variant, out _))
            throw new ArgumentException($"unknown dataset variant '{work.Variant}'");
        var spec = new DatasetSpec(work.TotalPairs, variant, work.NoiseEpsilon, work.JudgeTemperature, work.Seed, work.StochasticRollouts);
        spec.Validate();
        return spec;
    }

    private static TrajectoryBlockData ToData(TrajectoryBlock block) => new(block.Count,
        MemoryMarshal.AsBytes(block.Observations.AsSpan()).ToArray(),
        MemoryMarshal.AsBytes(block.Actions.AsSpan()).ToArray(),
        MemoryMarshal.AsBytes(block.BehaviourLogProbs.AsSpan()).ToArray(),
        block.Lengths, block.Returns, [.. block.Sources.Select(s => (byte)s)]);

    private static TrajectoryBlock FromData(TrajectoryBlockData data, int maxLength, int obsDim, int actDim)
    {
        var block = new TrajectoryBlock(data.Count, maxLength, obsDim, actDim);
        Copy(data.Observations, block.Observations, "observations");
        Copy(data.Actions, block.Actions, "actions");
        Copy(data.BehaviourLogProbs, block.BehaviourLogProbs, "behaviour log-probs");
        if (data.Lengths.Length != data.Count || data.Returns.Length != data.Count || data.Sources.Length != data.Count)
            throw new ArgumentException($"trajectory block of {data.Count}: {data.Lengths.Length} lengths, {data.Returns.Length} returns, {data.Sources.Length} sources");
        data.Lengths.CopyTo(block.Lengths, 0);
        data.Returns.CopyTo(block.Returns, 0);
        for (var i = 0; i < data.Count; i++) block.Sources[i] = data.Sources[i];
        return block;
    }

    private static void Copy(byte[] bytes, float[] target, string what)
    {
        if (bytes.Length != 4L * target.Length)
            throw new ArgumentException($"{what}: {bytes.Length} bytes, the shape needs {4L * target.Length}");
        bytes.CopyTo(MemoryMarshal.AsBytes(target.AsSpan()));
    }
}
