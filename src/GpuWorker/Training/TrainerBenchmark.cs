using System.Diagnostics;
using EvoPo.GpuWorker.Objectives;
using EvoPo.Simulation.Random;

namespace EvoPo.GpuWorker.Training;

/// <summary>
/// Batched against sequential training on a synthetic dataset of realistic shape (obs 10, act 4, T = 100,
/// hidden [32, 32], 8 pairs a minibatch). Agents train 1S-MPO with their own random φ⁻¹ network, the
/// objective of the search. Each measurement follows an untimed warm-up of the same shape and is the best of
/// <c>repeats</c> runs, since a shared host's noise only ever adds time.
/// </summary>
public static class TrainerBenchmark
{
    public static readonly PolicySpec DefaultPolicy = new(ObsDim: 10, Hidden: [32, 32], ActDim: 4, StdMin: 0.05);

    public static IReadOnlyList<TrainerBenchmarkResult> Run(
        int[] ks, int pairs = 64, int epochs = 1, int maxLength = 100, int minibatchPairs = 8, string device = "cpu",
        int repeats = 3, PolicySpec? policy = null, Action<TrainerBenchmarkResult>? progress = null)
    {
        policy ??= DefaultPolicy;
        var settings = new TrainingSettings(Epochs: epochs, SftEpochs: 0, TwoStepEpochs: 0, MinibatchPairs: minibatchPairs, Device: device);
        var data = SyntheticPreferencePairs.Create(policy, pairs, maxLength, seed: 1);
        var initial = SyntheticPreferencePairs.RandomParameters(policy, seed: 2);
        using var trainer = new PopulationTrainer(policy, data, settings);
        var results = new List<TrainerBenchmarkResult>();
        foreach (var k in ks)
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(k);
            var agents = Agents(k);
            trainer.Train(initial, agents);
            trainer.Train(initial, [agents[0]]);

            var updates = 0L;
            var batchedSeconds = Best(repeats, () => updates = trainer.Train(initial, agents).Sum(r => r.Updates));
            var sequentialSeconds = Best(repeats, () =>
            {
                foreach (var agent in agents) trainer.Train(initial, [agent]);
            });
            var result = new TrainerBenchmarkResult(k, updates, batchedSeconds, sequentialSeconds);
            progress?.Invoke(result);
            results.Add(result);
        }
        return results;
    }

    private static double Best(int repeats, Action run)
    {
        var best = double.PositiveInfinity;
        for (var r = 0; r < Math.Max(repeats, 1); r++)
        {
            var clock = Stopwatch.StartNew();
            run();
            best = Math.Min(best, clock.Elapsed.TotalSeconds);
        }
        return best;
    }

    private static AgentTrainingSpec[] Agents(int k) => Enumerable.Range(0, k).Select(i =>
    {
        var stream = CounterRng.Create(77, (ulong)i).Stream();
        var phi = Enumerable.Range(0, MonotoneNetwork.ParameterCount).Select(_ => 0.03 * stream.NextGaussian()).ToArray();
        return new AgentTrainingSpec(new ObjectiveSpec("mpo-1s", new Dictionary<string, double>(), phi), (ulong)i);
    }).ToArray();
}
