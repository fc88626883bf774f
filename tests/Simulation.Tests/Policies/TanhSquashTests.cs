using EvoPo.Simulation.Policies;
using EvoPo.Simulation.Random;

namespace EvoPo.Simulation.Tests.Policies;

public class TanhSquashTests
{
    [Theory]
    [InlineData(0.0)]
    [InlineData(0.5)]
    [InlineData(-1.7)]
    [InlineData(2.999)]
    [InlineData(-3.0)]
    [InlineData(3.0)]
    public void Log_jacobian_equals_the_direct_form_in_float64(double u)
    {
        var t = Math.Tanh(u);
        Assert.Equal(Math.Log(1 - t * t), TanhSquash.LogJacobian(u), 12);
    }

    [Fact]
    public void Log_jacobian_stays_finite_and_exact_far_beyond_where_the_direct_form_gives_log_0()
    {
        // 1 − tanh²(20) is 0 in float64; the asymptote is log 4 − 2|u|.
        Assert.Equal(double.NegativeInfinity, Math.Log(1 - Math.Tanh(20.0) * Math.Tanh(20.0)));
        Assert.Equal(Math.Log(4) - 40, TanhSquash.LogJacobian(20), 12);
        Assert.Equal(Math.Log(4) - 40, TanhSquash.LogJacobian(-20), 12);
    }

    [Fact]
    public void The_clamp_keeps_u_within_u_max()
    {
        Assert.Equal(3f, TanhSquash.Clamp(7.5));
        Assert.Equal(-3f, TanhSquash.Clamp(-3.0000001));
        Assert.Equal(1.25f, TanhSquash.Clamp(1.25));
    }

    [Fact]
    public void No_sampled_squashed_log_density_exceeds_l_max_and_the_bound_is_reached_at_the_clamp()
    {
        var shape = new PolicyShape(2, [], 3);
        var rng = CounterRng.Create(17).Stream();
        foreach (var logStd in new[] { -30f, -3f, -1f, 0.5f })
        {
            var p = new float[shape.ParameterCount];
            p.AsSpan(shape.LogStdOffset).Fill(logStd);
            var policy = new GaussianMlp(shape, 0.05, p, PolicyDistribution.TanhGaussian);
            var max = policy.LogProbMax;
            for (var i = 0; i < 20_000; i++)
            {
                // Means anywhere, from far inside to far beyond the clamp, so the clamp is hit often.
                float[] mean = [.. Enumerable.Range(0, 3).Select(_ => (float)(6 * rng.NextGaussian()))];
                float[] u = [.. Enumerable.Range(0, 3).Select(d => policy.Stored(mean[d] + policy.Std[d] * rng.NextGaussian()))];
                Assert.True(policy.LogProb(mean, u) <= max + 1e-4, $"log π {policy.LogProb(mean, u)} > ℓ_max {max}");
            }
        }
        var floor = new float[shape.ParameterCount];
        floor.AsSpan(shape.LogStdOffset).Fill(-30f);
        var tight = new GaussianMlp(shape, 0.05, floor, PolicyDistribution.TanhGaussian);
        Assert.Equal(tight.LogProbMax, tight.LogProb([3, -3, 3], [3, -3, 3]), 3);
        Assert.Equal(-3 * Math.Log(0.05 * Math.Sqrt(2 * Math.PI)) - 3 * Math.Log(1 - Math.Pow(Math.Tanh(3), 2)), tight.LogProbMax, 9);
    }
}
