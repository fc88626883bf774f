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
    /// <param name="task">The task whose true returns the judge compares (the target task).</param>
    public static PreferenceDataset Build(TaskDescriptor task, Agent original, Agent target, DatasetSpec spec)
    {
        spec.Validate();
        var pairs = spec.Pairs;
        var n = 2 * pairs;

        var decisions = new RngStream[pairs];
        var sources = new int[n]; // trajectory j = 2p + slot
        for (var p = 0; p < pairs; p++)
        {
            decisions[p] = CounterRng.Create(spec.Seed, (ulong)p).Fork(3).Stream();
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
            var pairRng = CounterRng.Create(spec.Seed, (ulong)(j / 2));
            starts[row] = pairRng.Fork(0).UInt64At(0);
            noise[row] = pairRng.Fork(1 + (ulong)(j % 2));
        }

        var engine = new RolloutEngine(task, n);
        var recording = new TrajectoryRecording(n, task.EpisodeLength, task.ObsDim, task.ActDim);
        var returns = new double[n];
        var lengths = new int[n];
        engine.Run([original.CreatePolicy(), target.CreatePolicy()], [0, originals, n], starts, noise, spec.StochasticRollouts, returns, lengths, recording);

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

        var metadata = new DatasetMetadata(task.Name, spec.Variant, spec.NoiseEpsilon, spec.JudgeTemperature, spec.Seed, pairs,
            spec.StochasticRollouts, original.ContentHash, target.ContentHash, task.ObsDim, task.ActDim, m);
        var hash = DatasetFile.HashOf(DatasetFile.Encode(metadata, first, second, labels, flipped));
        return new PreferenceDataset(metadata, first, second, labels, flipped, hash);
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
