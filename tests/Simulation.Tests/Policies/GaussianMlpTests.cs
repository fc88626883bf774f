using EvoPo.Simulation.Policies;
using EvoPo.Simulation.Random;

namespace EvoPo.Simulation.Tests.Policies;

public class GaussianMlpTests
{
    [Fact]
    public void Parameter_count_follows_the_layout()
    {
        var shape = new PolicyShape(9, [32, 32], 4);
        Assert.Equal(9 * 32 + 32 + 32 * 32 + 32 + 32 * 4 + 4 + 4, shape.ParameterCount);
        Assert.Equal(shape.ParameterCount - 4, shape.LogStdOffset);
        Assert.Equal(new PolicyShape(9, [32, 32], 4), shape);
    }

    [Fact]
    public void Forward_matches_a_hand_computed_tiny_network()
    {
        // obs 2 → hidden 2 (tanh) → act 1; W0 = [[1, 2], [3, 4]] row-major [in, out], b0 = [0.1, -0.2],
        // W1 = [[0.5], [-1]], b1 = [0.3], logStd = [0].
        var shape = new PolicyShape(2, [2], 1);
        float[] p = [1, 2, 3, 4, 0.1f, -0.2f, 0.5f, -1f, 0.3f, 0f];
        var policy = new GaussianMlp(shape, 0.05, p);
        float[] obs = [0.2f, -0.1f, 1f, 0.5f];
        var means = new float[2];
        policy.Mean(obs, 2, means);
        for (var r = 0; r < 2; r++)
        {
            double x0 = obs[2 * r], x1 = obs[2 * r + 1];
            var h0 = Math.Tanh(x0 * 1 + x1 * 3 + 0.1);
            var h1 = Math.Tanh(x0 * 2 + x1 * 4 - 0.2);
            Assert.Equal(h0 * 0.5 - h1 + 0.3, means[r], 5);
        }
        Assert.Equal(1.05, policy.Std[0], 12);
    }

    [Fact]
    public void Batched_forward_equals_one_row_at_a_time()
    {
        var shape = new PolicyShape(9, [32, 32], 4);
        var policy = new GaussianMlp(shape, 0.05, GaussianMlp.InitParameters(shape, 7, outputScale: 1.0));
        var rng = CounterRng.Create(3).Stream();
        var obs = Enumerable.Range(0, 9 * 17).Select(_ => (float)rng.NextGaussian()).ToArray();
        var batched = new float[17 * 4];
        policy.Mean(obs, 17, batched);
        for (var r = 0; r < 17; r++)
        {
            var one = new float[4];
            policy.Mean(obs.AsSpan(r * 9, 9), 1, one);
            Assert.Equal(batched.AsSpan(r * 4, 4).ToArray(), one);
        }
    }

    [Fact]
    public void Log_prob_matches_the_gaussian_density_formula()
    {
        var shape = new PolicyShape(3, [4], 2);
        var p = GaussianMlp.InitParameters(shape, 1, logStdInit: -1.2f);
        p[shape.LogStdOffset + 1] = 0.4f;
        var policy = new GaussianMlp(shape, 0.05, p);
        float[] mean = [0.3f, -0.7f];
        float[] action = [1.4f, -2.5f];
        var expected = 0.0;
        for (var d = 0; d < 2; d++)
        {
            var std = 0.05 + Math.Exp(p[shape.LogStdOffset + d]);
            expected += Math.Log(1 / (std * Math.Sqrt(2 * Math.PI)) * Math.Exp(-Math.Pow(action[d] - mean[d], 2) / (2 * std * std)));
        }
        Assert.Equal(expected, policy.LogProb(mean, action), 5);
    }

    [Theory]
    [InlineData(0.3f, -0.7f, 0.1f, -0.2f)]
    [InlineData(2.5f, -2.8f, 2.999f, -3f)]
    [InlineData(-1f, 4f, -3f, 3f)]
    public void Squashed_log_prob_is_the_gaussian_density_of_u_over_the_tanh_jacobian_in_float64(float mean0, float mean1, float u0, float u1)
    {
        var shape = new PolicyShape(3, [4], 2);
        var p = GaussianMlp.InitParameters(shape, 7);
        p[shape.LogStdOffset] = -1.2f;
        p[shape.LogStdOffset + 1] = 0.4f;
        var policy = new GaussianMlp(shape, 0.05, p, PolicyDistribution.TanhGaussian);
        float[] mean = [mean0, mean1];
        float[] u = [u0, u1];
        var expected = 0.0;
        for (var d = 0; d < 2; d++)
        {
            var std = 0.05 + Math.Exp(p[shape.LogStdOffset + d]);
            var a = Math.Tanh(u[d]);
            // Density of a = tanh(u): N(u; μ, σ) · |du/da|, du/da = 1 / (1 − a²).
            expected += Math.Log(1 / (std * Math.Sqrt(2 * Math.PI)) * Math.Exp(-Math.Pow(u[d] - mean[d], 2) / (2 * std * std)) / (1 - a * a));
        }
        Assert.Equal(expected, policy.LogProb(mean, u), 4);
    }

    [Fact]
    public void A_squashed_policy_stores_the_clamped_sample_and_executes_its_tanh()
    {
        var shape = new PolicyShape(2, [], 3);
        var squashed = new GaussianMlp(shape, 0.05, new float[shape.ParameterCount], PolicyDistribution.TanhGaussian);
        var plain = new GaussianMlp(shape, 0.05, new float[shape.ParameterCount]);
        Assert.Equal(3f, squashed.Stored(5.2));
        Assert.Equal(5.2f, plain.Stored(5.2));
        float[] stored = [0.4f, -3f, 3f];
        var executed = new float[3];
        squashed.Execute(stored, executed);
        Assert.Equal(stored.Select(MathF.Tanh), executed);
        plain.Execute(stored, executed);
        Assert.Equal(stored, executed);
    }

    [Fact]
    public void Max_log_prob_bounds_every_log_prob_at_the_std_floor()
    {
        var shape = new PolicyShape(2, [], 3);
        var p = new float[shape.ParameterCount];
        p.AsSpan(shape.LogStdOffset).Fill(-30f); // std ≈ stdMin
        var policy = new GaussianMlp(shape, 0.1, p);
        var max = policy.LogProbMax;
        Assert.Equal(-3 * Math.Log(0.1 * Math.Sqrt(2 * Math.PI)), max, 12);
        Assert.Equal(max, policy.LogProb([0, 0, 0], [0, 0, 0]), 4);
        Assert.True(policy.LogProb([0, 0, 0], [0.01f, 0, 0]) < max);
    }

    [Fact]
    public void Initialisation_is_a_pure_function_of_the_seed()
    {
        var shape = new PolicyShape(9, [32, 32], 4);
        Assert.Equal(GaussianMlp.InitParameters(shape, 5), GaussianMlp.InitParameters(shape, 5));
        Assert.NotEqual(GaussianMlp.InitParameters(shape, 5), GaussianMlp.InitParameters(shape, 6));
        Assert.All(GaussianMlp.InitParameters(shape, 5, logStdInit: -0.7f).AsSpan(shape.LogStdOffset).ToArray(), v => Assert.Equal(-0.7f, v));
    }

    [Fact]
    public void Sampling_is_mean_plus_std_times_the_stream_normals()
    {
        var shape = new PolicyShape(2, [3], 2);
        var policy = new GaussianMlp(shape, 0.05, GaussianMlp.InitParameters(shape, 2));
        float[] obs = [0.5f, -0.5f];
        var mean = new float[2];
        policy.Mean(obs, 1, mean);
        var action = new float[2];
        policy.Sample(obs, CounterRng.Create(9).Stream(), action);
        var normals = CounterRng.Create(9).Stream();
        for (var d = 0; d < 2; d++) Assert.Equal((float)(mean[d] + policy.Std[d] * normals.NextGaussian()), action[d]);
    }
}
