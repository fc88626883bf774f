using System.Diagnostics;
using EvoPo.Simulation.Random;
using EvoPo.Simulation.Tasks.Mujoco;

namespace EvoPo.Simulation.Tasks;

/// <summary>
/// Environment steps per second (<c>evopo bench sim</c>, docs/benchmarks.md). For a MuJoCo task it times the
/// batched environment (shim + C# rewards/observations, spread over the threads) against a plain C loop of
/// mj_step over the same environments, start states and controls (each thread steps a contiguous share of
/// the environments, step by step, as the batch does): the physical limit. Unhealthy
/// environments keep stepping so every run does the same amount of physics.
/// </summary>
public static class StepBenchmark
{
    public sealed record Result(string Task, int Threads, int Envs, int Steps, double EnvironmentStepsPerSecond, double PlainStepsPerSecond)
    {
        /// <summary>Time of the batched environment over the plain loop's, minus one.</summary>
        public double Overhead => PlainStepsPerSecond / EnvironmentStepsPerSecond - 1;
    }

    private const int SequenceLength = 97;

    public static Result Mujoco(string task, int threads, int envs, int steps, int repeats)
    {
        var config = MujocoTasks.Config(task, steps) with { Threads = threads, TerminateWhenUnhealthy = false };
        using var env = new MujocoEnvironment(envs, config);
        var nu = env.ActDim;
        var sequence = new double[SequenceLength * nu];
        var rng = CounterRng.Create(42);
        for (var k = 0; k < sequence.Length; k++) sequence[k] = 2 * rng.UniformAt((ulong)k) - 1;
        var actions = new float[envs * nu];
        var rewards = new double[envs];
        var done = new bool[envs];
        ulong[] seeds = [.. Enumerable.Range(0, envs).Select(i => (ulong)i)];

        double bestEnv = double.MaxValue, bestPlain = double.MaxValue;
        for (var r = 0; r <= repeats; r++) // r = 0 is the untimed warm-up
        {
            env.Reset(seeds);
            var watch = Stopwatch.StartNew();
            for (var t = 0; t < steps; t++)
            {
                var row = sequence.AsSpan(t % SequenceLength * nu, nu);
                for (var i = 0; i < envs; i++)
                    for (var d = 0; d < nu; d++) actions[i * nu + d] = (float)row[d];
                env.Step(actions, rewards, done);
            }
            var envSeconds = watch.Elapsed.TotalSeconds;

            env.Reset(seeds);
            watch.Restart();
            Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, w =>
            {
                env.BenchPlainLoop((int)((long)envs * w / threads), (int)((long)envs * (w + 1) / threads), sequence, steps);
            });
            var plainSeconds = watch.Elapsed.TotalSeconds;
            if (r == 0) continue;
            bestEnv = Math.Min(bestEnv, envSeconds);
            bestPlain = Math.Min(bestPlain, plainSeconds);
        }
        var total = (double)envs * steps;
        return new Result(task, threads, envs, steps, total / bestEnv, total / bestPlain);
    }

    /// <summary>Steps per second of a built-in C# task; only steps of environments still running count.</summary>
    public static double BuiltIn(string task, int envs, int steps, int repeats)
    {
        var env = BuiltInTasks.Get(task, episodeLength: steps).CreateBatch(envs);
        var nu = env.ActDim;
        var rng = CounterRng.Create(42);
        var actions = new float[envs * nu];
        for (var k = 0; k < actions.Length; k++) actions[k] = (float)(2 * rng.UniformAt((ulong)k) - 1);
        var rewards = new double[envs];
        var done = new bool[envs];
        ulong[] seeds = [.. Enumerable.Range(0, envs).Select(i => (ulong)i)];
        var best = 0.0;
        for (var r = 0; r <= repeats; r++) // r = 0 is the untimed warm-up
        {
            env.Reset(seeds);
            Array.Clear(done);
            long live = 0;
            var watch = Stopwatch.StartNew();
            for (var t = 0; t < steps; t++)
            {
                foreach (var d in done) if (!d) live++;
                env.Step(actions, rewards, done);
            }
            var rate = live / watch.Elapsed.TotalSeconds;
            if (r > 0) best = Math.Max(best, rate);
        }
        return best;
    }
}
