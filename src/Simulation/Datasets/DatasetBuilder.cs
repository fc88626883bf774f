using EvoPo.Simulation.Evaluation;
using EvoPo.Simulation.Policies;
using EvoPo.Simulation.Random;
using EvoPo.Simulation.Tasks;

namespace EvoPo.Simulation.Datasets;

/// <summary>
/// Builds preference pairs (math.md §5). Pair p draws everything from CounterRng (seed, p): fork 0 gives the
/// shared start state, forks 1 and 2 the action noise of its two trajectories, fork 3 the sequential
/// decisions (which agents, judge draw, noise flip). A pair therefore never depends on another pair.
/// </summary>
public static class DatasetBuilder
{
    /// <summary>Pairs per rollout batch of <see cref="BuildToFile"/>: bounds its memory (TLA at T = 1000: ≈ 30 MB a chunk).</summary>
    public const int DefaultChunkPairs = 64;

    /// <param name="task">The task whose true returns the judge compares (the target task).</param>
    public static PreferenceDataset Build(TaskDescriptor task, Agent original, Agent target, DatasetSpec spec)
    {
        spec.Validate();
        var metadata = Metadata(task, original, target, spec);
        var chunk = BuildChunk(new RolloutEngine(task, 2 * spec.Pairs), original.CreatePolicy(), target.CreatePolicy(), spec, 0, spec.Pairs);
        var hash = DatasetFile.HashOf(DatasetFile.Encode(metadata, chunk.First, chunk.Second, chunk.Labels, chunk.Flipped));
        return new PreferenceDataset(metadata, chunk.First, chunk.Second, chunk.Labels, chunk.Flipped, hash);
    }

    /// <summary>
    /// Builds the dataset <see cref="Build"/> would, <paramref name="chunkPairs"/> pairs at a time, and streams it to
    /// <paramref name="path"/> (byte-identical file), so memory stays bounded by one chunk plus O(pairs) scalars:
    /// paper-scale datasets (TLA 1280 × 1000 steps, Hopper 5120 pairs) need no more than a small one.
    /// </summary>
    public static DatasetSummaryData BuildToFile(TaskDescriptor task, Agent original, Agent target, DatasetSpec spec, string path,
        int chunkPairs = DefaultChunkPairs, Action<int>? progress = null)
    {
        spec.Validate();
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(chunkPairs);
        var metadata = Metadata(task, original, target, spec);
        var (originalPolicy, targetPolicy) = (original.CreatePolicy(), target.CreatePolicy());
        var engines = new Dictionary<int, RolloutEngine>();
        using var writer = new DatasetFileWriter(path, metadata);
        for (var from = 0; from < spec.Pairs; from += chunkPairs)
        {
            var count = Math.Min(chunkPairs, spec.Pairs - from);
            if (!engines.TryGetValue(count, out var engine)) engines[count] = engine = new RolloutEngine(task, 2 * count);
            writer.WriteChunk(BuildChunk(engine, originalPolicy, targetPolicy, spec, from, count));
            progress?.Invoke(from + count);
        }
        return writer.Complete();
    }

    /// <summary>
    /// Pairs <paramref name="firstPair"/> .. <paramref name="firstPair"/> + <paramref name="count"/> − 1 of the dataset
    /// <see cref="Build"/> would make, rolled out in one batch of 2·count environments: the same bytes as those pairs of
    /// <see cref="BuildToFile"/> whatever its chunk size, because every pair draws only from CounterRng(seed, pair). A worker
    /// builds one chunk per work unit with it; the coordinator writes them (<see cref="DatasetFileWriter.WriteChunk(DatasetChunk)"/>).
    /// </summary>
    public static DatasetChunk BuildChunk(TaskDescriptor task, Agent original, Agent target, DatasetSpec spec, int firstPair, int count)
    {
        spec.Validate();
        PolicyDistributions.RequireSame(original.Distribution, "the original agent", target.Distribution, "the target agent");
        if (firstPair < 0 || count <= 0 || (long)firstPair + count > spec.Pairs)
            throw new ArgumentOutOfRangeException(nameof(count), $"pairs {firstPair}..{(long)firstPair + count - 1} are not within the dataset's {spec.Pairs}");
        using var engine = new RolloutEngine(task, 2 * count);
        return BuildChunk(engine, original.CreatePolicy(), target.CreatePolicy(), spec, firstPair, count);
    }

    /// <summary>The header of the dataset the two agents and the spec make on the task.</summary>
    /// <exception cref="PolicyDistributionMismatchException">The two agents' distributions differ: one dataset stores one kind of action.</exception>
    public static DatasetMetadata Metadata(TaskDescriptor task, Agent original, Agent target, DatasetSpec spec)
    {
        PolicyDistributions.RequireSame(original.Distribution, "the original agent", target.Distribution, "the target agent");
        return new(task.Name, spec.Variant, spec.NoiseEpsilon, spec.JudgeTemperature, spec.Seed, spec.Pairs,
            spec.StochasticRollouts, original.ContentHash, target.ContentHash, task.ObsDim, task.ActDim, task.EpisodeLength, original.Distribution);
    }

    /// <summary>Pairs firstPair .. firstPair+pairs−1, rolled out in one batch of <paramref name="engine"/> (2·pairs rows).</summary>
    private static DatasetChunk BuildChunk(RolloutEngine engine, GaussianMlp originalPolicy, GaussianMlp targetPolicy, DatasetSpec spec, int firstPair, int pairs)
    {
        var task = engine.Task;
        var n = 2 * pairs;

        var decisions = new RngStream[pairs];
        var sources = new int[n]; // trajectory j = 2p + slot
        for (var p = 0; p < pairs; p++)
        {
            decisions[p] = CounterRng.Create(spec.Seed, (ulong)(firstPair + p)).Fork(3).Stream();
            if (spec.Variant == DatasetVariant.Mixed)
            {
                sources[2 * p] = decisions[p].NextDouble() < 0.5 ? TrajectoryBlock.TargetSource : TrajectoryBlock.OriginalSource;
                sources[2 * p + 1] = decisions[p].NextDouble() < 0.5 ? TrajectoryBlock.TargetSource : TrajectoryBlock.OriginalSource;
            }
            else
            {
                var targetFirst = decisions[p].NextDouble() < 0.5;
                sources[2 * p] = targetFirst ? TrajectoryBlock.TargetSource : TrajectoryBlock.OriginalSource;
                sources[2 * p + 1] = targetFirst ? TrajectoryBlock.OriginalSource : TrajectoryBlock.TargetSource;
            }
        }

        // Rows grouped by agent so each agent runs one batched forward per step.
        var rowOf = new int[n];
        var trajectoryOfRow = new int[n];
        var originals = 0;
        for (var j = 0; j < n; j++)
            if (sources[j] == TrajectoryBlock.OriginalSource) originals++;
        int nextOriginal = 0, nextTarget = originals;
        for (var j = 0; j < n; j++)
        {
            var row = sources[j] == TrajectoryBlock.OriginalSource ? nextOriginal++ : nextTarget++;
            rowOf[j] = row;
            trajectoryOfRow[row] = j;
        }
        var starts = new ulong[n];
        var noise = new CounterRng[n];
        for (var row = 0; row < n; row++)
        {
            var j = trajectoryOfRow[row];
            var pairRng = CounterRng.Create(spec.Seed, (ulong)(firstPair + j / 2));
            starts[row] = pairRng.Fork(0).UInt64At(0);
            noise[row] = pairRng.Fork(1 + (ulong)(j % 2));
        }

        var recording = new TrajectoryRecording(n, task.EpisodeLength, task.ObsDim, task.ActDim);
        var returns = new double[n];
        var lengths = new int[n];
        engine.Run([originalPolicy, targetPolicy], [0, originals, n], starts, noise, spec.StochasticRollouts, returns, lengths, recording);

        var m = task.EpisodeLength;
        var first = new TrajectoryBlock(pairs, m, task.ObsDim, task.ActDim);
        var second = new TrajectoryBlock(pairs, m, task.ObsDim, task.ActDim);
        var labels = new byte[pairs];
        var flipped = new bool[pairs];
        for (var p = 0; p < pairs; p++)
        {
            for (var slot = 0; slot < 2; slot++)
            {
                var block = slot == 0 ? first : second;
                var row = rowOf[2 * p + slot];
                recording.Observations.AsSpan(row * m * task.ObsDim, m * task.ObsDim).CopyTo(block.Observations.AsSpan(p * m * task.ObsDim));
                recording.Actions.AsSpan(row * m * task.ActDim, m * task.ActDim).CopyTo(block.Actions.AsSpan(p * m * task.ActDim));
                recording.BehaviourLogProbs.AsSpan(row * m, m).CopyTo(block.BehaviourLogProbs.AsSpan(p * m));
                block.Lengths[p] = lengths[row];
                block.Returns[p] = returns[row];
                block.Sources[p] = sources[2 * p + slot];
            }

            var firstWins = decisions[p].NextDouble() < PreferFirst(first.Returns[p], second.Returns[p], spec.JudgeTemperature);
            var flip = spec.Variant == DatasetVariant.Noisy && decisions[p].NextDouble() < spec.NoiseEpsilon;
            flipped[p] = flip;
            labels[p] = firstWins ^ flip ? PreferenceDataset.FirstPreferred : PreferenceDataset.SecondPreferred;
        }
        return new DatasetChunk(firstPair, first, second, labels, flipped);
    }

    /// <summary>Bradley–Terry: σ((R1 − R2)/T); at T = 0 the higher return always wins and a tie is a coin flip.</summary>
    public static double PreferFirst(double return1, double return2, double temperature)
    {
        var diff = return1 - return2;
        if (temperature == 0) return diff > 0 ? 1.0 : diff < 0 ? 0.0 : 0.5;
        var x = diff / temperature;
        return x >= 0 ? 1.0 / (1.0 + Math.Exp(-x)) : Math.Exp(x) / (1.0 + Math.Exp(x));
    }
}
