using System.Diagnostics;
using EvoPo.Simulation.Tasks.Ilgpu;

namespace EvoPo.Simulation.Tasks;

/// <summary>One measured configuration: environment steps per second of a built-in task's batch on one backend.</summary>
/// <remarks>Rows stay in the batch after they fall (frozen until the next reset), so <see cref="LiveFraction"/> says how many of the row-steps simulated a body.</remarks>
public sealed record BuiltInSimBenchmarkRow(string Task, string Backend, int Environments, int Steps, double Seconds, double LiveFraction)
{
    public double StepsPerSecond => Environments * (double)Steps / Seconds;

    public double LiveStepsPerSecond => StepsPerSecond * LiveFraction;
}

/// <summary>
/// Environment steps per second of the built-in tasks in plain C# and on ILGPU (<see cref="IlgpuDevice.Shared"/>),
/// for `evopo bench sim`. Actions are fixed sine waves in [−1, 1] (no policy), the
/// batch is reset every EpisodeLength steps; each time is the best of <c>repeats</c> after an untimed warm-up.
/// </summary>
public static class BuiltInSimBenchmark
{
    public static IReadOnlyList<BuiltInSimBenchmarkRow> Run(IEnumerable<string> tasks, IEnumerable<int> environmentCounts, int steps = 1000,
        int repeats = 3, Action<BuiltInSimBenchmarkRow>? onRow = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(steps);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(repeats);
        var rows = new List<BuiltInSimBenchmarkRow>();
        foreach (var name in tasks)
            foreach (var n in environmentCounts)
                foreach (var backend in new[] { SimulationBackend.Cpu, SimulationBackend.Ilgpu })
                {
                    var task = BuiltInTasks.Get(name, backend: backend);
                    var env = task.CreateBatch(n);
                    var seeds = Enumerable.Range(0, n).Select(i => (ulong)i).ToArray();
                    var actions = new float[n * task.ActDim];
                    for (var i = 0; i < actions.Length; i++) actions[i] = (float)Math.Sin(0.37 * i);
                    var rewards = new double[n];
                    var done = new bool[n];
                    long live = 0;
                    void Steps(int count)
                    {
                        for (var t = 0; t < count; t++)
                        {
                            if (t % task.EpisodeLength == 0)
                            {
                                env.Reset(seeds);
                                Array.Clear(done);
                            }
                            foreach (var d in done) live += d ? 0 : 1;
                            env.Step(actions, rewards, done);
                        }
                    }
                    Steps(Math.Min(steps, task.EpisodeLength));
                    live = 0;
                    Steps(steps);
                    var liveFraction = live / ((double)n * steps);
                    var best = double.MaxValue;
                    for (var r = 0; r < repeats; r++)
                    {
                        var watch = Stopwatch.StartNew();
                        Steps(steps);
                        best = Math.Min(best, watch.Elapsed.TotalSeconds);
                    }
                    (env as IDisposable)?.Dispose();
                    var label = backend == SimulationBackend.Cpu ? "C#" : $"ILGPU {IlgpuDevice.Shared.Accelerator.AcceleratorType}";
                    var row = new BuiltInSimBenchmarkRow(name, label, n, steps, best, liveFraction);
                    rows.Add(row);
                    onRow?.Invoke(row);
                }
        return rows;
    }
}
