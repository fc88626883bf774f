using EvoPo.Simulation.Evaluation;
using EvoPo.Simulation.Policies;
using EvoPo.Simulation.Tasks;
using EvoPo.Simulation.Tasks.Ilgpu;
using Xunit.Abstractions;

namespace EvoPo.Simulation.Tests.Tasks;

public class IlgpuEnvironmentTests(ITestOutputHelper output)
{
    private const double Tolerance = 1e-5;

    /// <summary>
    /// Rows 0, 3, … push sideways (crawler) or do nothing (hopper-lite) and fall; on hopper-lite rows 2, 5, … balance
    /// (from the C# observations); the others follow a wave beyond the clip range.
    /// </summary>
    private static float[] Actions(string task, ReadOnlySpan<float> obs, int count, int actDim, int t)
    {
        var a = new float[count * actDim];
        for (var i = 0; i < count; i++)
            for (var d = 0; d < actDim; d++)
            {
                if (task == BuiltInTasks.HopperLite && i % 3 == 2)
                {
                    ScriptedControllers.Balance(0.5f)(obs.Slice(i * 3, 3), a.AsSpan(i * 2, 2));
                    break;
                }
                var wave = (float)Math.Sin(0.7 * (i * actDim + d) + 0.3 * t) * 1.3f;
                a[i * actDim + d] = (i % 3) switch
                {
                    0 => task == BuiltInTasks.HopperLite ? 0f : (d == 0 ? 1f : 0f), // falls
                    _ => wave,
                };
            }
        return a;
    }

    [Theory]
    [InlineData(BuiltInTasks.Crawler)]
    [InlineData(BuiltInTasks.Crawler3Leg)]
    [InlineData(BuiltInTasks.HopperLite)]
    public void Ilgpu_gives_the_same_trajectories_as_plain_csharp_over_full_episodes(string name)
    {
        const int n = 12;
        var cpu = BuiltInTasks.Get(name).CreateBatch(n);
        var gpu = BuiltInTasks.Get(name, backend: SimulationBackend.Ilgpu).CreateBatch(n);
        Assert.IsAssignableFrom<IlgpuBatchedEnvironment>(gpu);
        var seeds = Enumerable.Range(0, n).Select(i => (ulong)(77 + i)).ToArray();
        cpu.Reset(seeds);
        gpu.Reset(seeds);
        AssertClose(cpu.Observations, gpu.Observations);
        double[] rc = new double[n], rg = new double[n];
        bool[] dc = new bool[n], dg = new bool[n];
        var lengths = new int[n];
        for (var t = 0; t < cpu.EpisodeLength + 3; t++) // three steps past the end: done rows stay frozen on both
        {
            var a = Actions(name, cpu.Observations, n, cpu.ActDim, t);
            cpu.Step(a, rc, dc);
            gpu.Step(a, rg, dg);
            Assert.Equal(dc, dg);
            AssertClose(rc, rg);
            AssertClose(cpu.Observations, gpu.Observations);
            for (var i = 0; i < n; i++)
                if (!dc[i]) lengths[i] = t + 1;
        }
        Assert.All(dc, Assert.True);
        Assert.Contains(lengths, l => l < cpu.EpisodeLength - 1); // some fell ...
        Assert.Contains(lengths, l => l == cpu.EpisodeLength - 1); // ... and some ran the whole episode
        output.WriteLine($"{name} on {IlgpuDevice.Shared}: lengths {string.Join(",", lengths.Select(l => l + 1))}");
    }

    [Fact]
    public void Policy_evaluation_on_ilgpu_equals_plain_csharp()
    {
        var shape = new PolicyShape(9, [16], 4);
        GaussianMlp[] policies = [.. Enumerable.Range(1, 3).Select(s => new GaussianMlp(shape, 0.05, GaussianMlp.InitParameters(shape, (ulong)s, outputScale: 1.0)))];
        var cpu = new PolicyEvaluator(BuiltInTasks.Get(BuiltInTasks.Crawler3Leg), 5, evalSeed: 3).Evaluate(policies);
        var gpu = new PolicyEvaluator(BuiltInTasks.Get(BuiltInTasks.Crawler3Leg, backend: SimulationBackend.Ilgpu), 5, evalSeed: 3).Evaluate(policies);
        for (var k = 0; k < policies.Length; k++)
        {
            Assert.Equal(cpu.EpisodeLengths[k], gpu.EpisodeLengths[k]);
            AssertClose(cpu.EpisodeReturns[k], gpu.EpisodeReturns[k], 1e-4); // sums of 100 rewards, each within 1e-5
        }
    }

    private static void AssertClose(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) <= Tolerance, $"index {i}: C# {expected[i]}, ILGPU {actual[i]}");
    }

    private static void AssertClose(double[] expected, double[] actual, double tolerance = Tolerance)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) <= tolerance, $"index {i}: C# {expected[i]}, ILGPU {actual[i]}");
    }
}
