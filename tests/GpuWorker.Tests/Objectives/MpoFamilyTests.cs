using EvoPo.GpuWorker.Objectives;
using EvoPo.GpuWorker.Torch;
using EvoPo.Simulation.Random;
using TorchSharp;
using static TorchSharp.torch;
using static EvoPo.GpuWorker.Tests.Objectives.TestTensors;

namespace EvoPo.GpuWorker.Tests.Objectives;

/// <summary>The MPO family of math.md §3: monotone networks, zero networks at DPO (2S) and ORPO (1S), parameter layouts.</summary>
public sealed class MpoFamilyTests
{
    private const double LogProbMax = 3.0;
    private const int K = 2, M = 7;

    public MpoFamilyTests() => TorchRuntime.EnsureLoaded();

    [Theory]
    [InlineData(1.0, 11UL)]
    [InlineData(3.0, 12UL)]
    public void Monotone_network_is_increasing_on_random_inputs(double scale, ulong seed)
    {
        using var scope = NewDisposeScope();
        const int k = 16, m = 300;
        var rng = CounterRng.Create(seed).Stream();
        var parameters = Enumerable.Range(0, k * MonotoneNetwork.ParameterCount).Select(_ => scale * rng.NextGaussian()).ToArray();
        // Random points, sorted per row, over the inputs the networks meet: p^(1/T) and σ(d) in [0, 1], and beyond.
        var points = Enumerable.Range(0, k).SelectMany(_ => Enumerable.Range(0, m).Select(_ => -1.5 + 3 * rng.NextDouble()).Order()).ToArray();
        var x = T(points, k, m).requires_grad_(true);
        var y = MonotoneNetwork.Evaluate(T(parameters, k, MonotoneNetwork.ParameterCount), x);
        var steps = Doubles(y.narrow(1, 1, m - 1) - y.narrow(1, 0, m - 1));
        Assert.All(steps, d => Assert.True(d >= 0, $"N decreased by {d}"));
        y.sum().backward();
        Assert.All(Doubles(x.grad!), g => Assert.True(double.IsFinite(g) && g >= 0, $"dN/dx = {g}"));
    }

    [Theory]
    [InlineData("mpo-1s", "phi")]
    [InlineData("mpo-1s", "phi,psi")]
    [InlineData("mpo-2s", "phi")]
    [InlineData("mpo-2s", "phi,psi")]
    public void Learned_inverse_mirror_keeps_the_preference_margin_increasing_in_the_chosen_log_prob(string name, string learned)
    {
        // φ⁻¹ = base + N with N increasing: raising ℓ_w (all else fixed) can only lower the preference term's loss.
        using var scope = NewDisposeScope();
        var rng = CounterRng.Create(3).Stream();
        var random = ReferenceTests.RandomSpec($"{name}[{learned}]", rng);
        // Both network inputs: p^(1/T) and the shifted log (log p − c)/T.
        foreach (var inputLog in new[] { 0.0, 1.0 })
        {
            var spec = random with
            {
                Hyperparameters = new Dictionary<string, double>(random.Hyperparameters) { ["sftWeight"] = 0, ["inputLog"] = inputLog, ["inputCenter"] = -8 },
            };
            const int m = 200;
            var lw = Enumerable.Range(0, m).Select(i => 10 * (LogProbMax - 20 + 19.9 * i / m)).ToArray();
            var loss = Evaluate(spec, new PairLogProbs(T(lw, 1, m), Full(1, m, -150), Full(1, m, 10), Full(1, m, 10),
                Full(1, m, -120), Full(1, m, -140), LogProbMax));
            for (var i = 1; i < m; i++) Assert.True(loss[i] <= loss[i - 1] + 1e-12, $"loss rose from {loss[i - 1]} to {loss[i]} at ℓ_w = {lw[i]} (inputLog {inputLog})");
        }
    }

    [Theory]
    [InlineData("phi")]
    [InlineData("psi")]
    [InlineData("phi,psi,g")]
    public void One_step_mpo_with_margin_scale_one_and_zero_networks_is_orpo_with_either_network_input(string learned)
    {
        foreach (var dtype in new[] { ScalarType.Float32, ScalarType.Float64 })
        {
            var orpo = Run(new ObjectiveSpec("orpo", new Dictionary<string, double> { ["lambda"] = 0.3 }), dtype);
            var hyper = new Dictionary<string, double> { ["lambda"] = 0.3, ["marginScale"] = 1, ["inputLog"] = 1, ["inputCenter"] = -12, ["inputTemperature"] = 3 };
            AssertSame(orpo, Run(Zero("mpo-1s", learned, hyper), dtype), dtype == ScalarType.Float64 ? 1e-12 : 1e-6);
        }
    }

    [Fact]
    public void New_keys_at_their_defaults_give_bitwise_the_loss_of_a_spec_without_them()
    {
        // Runs journaled before marginScale, inputLog and inputCenter existed carry none of them and must replay identically.
        var rng = CounterRng.Create(21).Stream();
        var parameters = Enumerable.Range(0, 3 * MonotoneNetwork.ParameterCount).Select(_ => 0.3 * rng.NextGaussian()).ToArray();
        var old = new Dictionary<string, double> { ["lambda"] = 0.5, ["inputTemperature"] = 5, ["learnPhi"] = 1, ["learnPsi"] = 1, ["learnG"] = 1 };
        var named = new Dictionary<string, double>(old) { ["marginScale"] = 1, ["inputLog"] = 0, ["inputCenter"] = 0 };
        AssertSame(Run(new ObjectiveSpec("mpo-1s", old, parameters), ScalarType.Float32),
            Run(new ObjectiveSpec("mpo-1s", named, parameters), ScalarType.Float32), 0);
    }

    [Fact]
    public void Margin_scale_multiplies_the_sigmoid_argument()
    {
        // Zero networks: −ℓ̄_w − λ log σ(β (logit p_w − logit p_l)).
        var mpo = Run(Zero("mpo-1s", "phi", new Dictionary<string, double> { ["lambda"] = 0.3, ["marginScale"] = 0.05 }), ScalarType.Float64);
        var (lw, ll, tw, tl, _, _) = Data();
        double Logit(double mean) => Math.Log(Math.Exp(mean - LogProbMax) / -double.ExpM1(mean - LogProbMax));
        for (var i = 0; i < K * M; i++)
        {
            var margin = Logit(lw[i] / tw[i]) - Logit(ll[i] / tl[i]);
            AssertClose(-lw[i] / tw[i] - 0.3 * ReferenceLosses.LogSigmoidOf(0.05 * margin), mpo.Loss[i], 1e-9, $"loss[{i}]");
        }
    }

    [Theory]
    [InlineData("phi")]
    [InlineData("psi")]
    [InlineData("g")]
    [InlineData("phi,psi")]
    [InlineData("phi,psi,g")]
    public void One_step_mpo_with_zero_networks_is_orpo_in_value_and_gradient(string learned)
    {
        foreach (var dtype in new[] { ScalarType.Float32, ScalarType.Float64 })
        {
            var hyper = new Dictionary<string, double> { ["lambda"] = 0.3, ["inputTemperature"] = 4 };
            var orpo = Run(new ObjectiveSpec("orpo", new Dictionary<string, double> { ["lambda"] = 0.3 }), dtype);
            var mpo = Run(Zero("mpo-1s", learned, hyper), dtype);
            AssertSame(orpo, mpo, dtype == ScalarType.Float64 ? 1e-12 : 1e-6);
        }
    }

    [Theory]
    [InlineData("phi")]
    [InlineData("psi")]
    [InlineData("g")]
    [InlineData("phi,psi,g")]
    public void Two_step_mpo_with_zero_networks_is_dpo_in_value_and_gradient(string learned)
    {
        foreach (var dtype in new[] { ScalarType.Float32, ScalarType.Float64 })
        {
            var dpo = Run(new ObjectiveSpec("dpo", new Dictionary<string, double> { ["beta"] = 0.2 }), dtype);
            var mpo = Run(Zero("mpo-2s", learned, new Dictionary<string, double> { ["beta"] = 0.2 }), dtype);
            AssertSame(dpo, mpo, dtype == ScalarType.Float64 ? 1e-9 : 1e-4);
        }
    }

    [Fact]
    public void Two_step_mpo_per_step_is_dpo_on_length_normalized_log_probs()
    {
        // perTrajectory 0 is math.md §3 as written: −log σ(β(ρ_w/T_w − ρ_l/T_l)).
        var mpo = Run(Zero("mpo-2s", "phi", new Dictionary<string, double> { ["beta"] = 0.2, ["perTrajectory"] = 0 }), ScalarType.Float64);
        var (lw, ll, tw, tl, rw, rl) = Data();
        for (var i = 0; i < K * M; i++)
            AssertClose(-ReferenceLosses.LogSigmoidOf(0.2 * ((lw[i] - rw[i]) / tw[i] - (ll[i] - rl[i]) / tl[i])), mpo.Loss[i], 1e-9, $"loss[{i}]");
    }

    [Fact]
    public void Without_flags_the_layout_follows_the_vector_length()
    {
        var rng = CounterRng.Create(8).Stream();
        var parameters = Enumerable.Range(0, 758).Select(_ => 0.3 * rng.NextGaussian()).ToArray();
        var inferred = Run(new ObjectiveSpec("mpo-1s", new Dictionary<string, double>(), parameters), ScalarType.Float64);
        var flagged = Run(new ObjectiveSpec("mpo-1s", new Dictionary<string, double> { ["learnPhi"] = 1, ["learnPsi"] = 1 }, parameters), ScalarType.Float64);
        AssertSame(flagged, inferred, 0);
        var other = Run(new ObjectiveSpec("mpo-1s", new Dictionary<string, double> { ["learnPhi"] = 1, ["learnG"] = 1 }, parameters), ScalarType.Float64);
        Assert.NotEqual(flagged.Loss, other.Loss);
    }

    [Fact]
    public void A_batch_must_learn_the_same_functions_and_flags_must_be_zero_or_one()
    {
        var a = new ObjectiveSpec("mpo-1s", new Dictionary<string, double> { ["learnPhi"] = 1, ["learnPsi"] = 1 }, new double[758]);
        var b = new ObjectiveSpec("mpo-1s", new Dictionary<string, double> { ["learnPhi"] = 1, ["learnG"] = 1 }, new double[758]);
        var error = Assert.Throws<ArgumentException>(() => ObjectiveCatalog.Create([a, b], Cpu, ScalarType.Float64));
        Assert.Contains("same functions", error.Message);
        error = Assert.Throws<ArgumentException>(() => ObjectiveCatalog.Validate(new ObjectiveSpec("mpo-2s", new Dictionary<string, double> { ["phiBase"] = 2 })));
        Assert.Contains("'phiBase' must be 0 or 1", error.Message);
        error = Assert.Throws<ArgumentException>(() => ObjectiveCatalog.Validate(new ObjectiveSpec("mpo-1s", new Dictionary<string, double> { ["sftWeight"] = -1 })));
        Assert.Contains("'sftWeight'", error.Message);
        error = Assert.Throws<ArgumentException>(() => ObjectiveCatalog.Validate(new ObjectiveSpec("mpo-1s", new Dictionary<string, double> { ["marginScale"] = 0 })));
        Assert.Contains("'marginScale' must be > 0", error.Message);
        error = Assert.Throws<ArgumentException>(() => ObjectiveCatalog.Validate(new ObjectiveSpec("mpo-1s", new Dictionary<string, double> { ["inputLog"] = 0.5 })));
        Assert.Contains("'inputLog' must be 0 or 1", error.Message);
    }

    private static ObjectiveSpec Zero(string name, string learned, Dictionary<string, double> hyper)
    {
        var functions = learned.Split(',');
        hyper["learnPhi"] = functions.Contains("phi") ? 1 : 0;
        hyper["learnPsi"] = functions.Contains("psi") ? 1 : 0;
        hyper["learnG"] = functions.Contains("g") ? 1 : 0;
        return new ObjectiveSpec(name, hyper, new double[functions.Length * MonotoneNetwork.ParameterCount]);
    }

    private sealed record Result(double[] Loss, double[][] Gradients);

    private static (double[] Lw, double[] Ll, double[] Tw, double[] Tl, double[] RefW, double[] RefL) Data()
    {
        var rng = CounterRng.Create(7).Stream();
        var tw = Enumerable.Range(0, K * M).Select(_ => 1.0 + rng.NextInt(60)).ToArray();
        var tl = Enumerable.Range(0, K * M).Select(_ => 1.0 + rng.NextInt(60)).ToArray();
        var lw = tw.Select(t => t * (LogProbMax - 0.05 - 30 * rng.NextDouble())).ToArray();
        var ll = tl.Select(t => t * (LogProbMax - 0.05 - 30 * rng.NextDouble())).ToArray();
        var refW = lw.Select((x, i) => Math.Min(x + 6 * rng.NextDouble() - 3, tw[i] * (LogProbMax - 0.05))).ToArray();
        var refL = ll.Select((x, i) => Math.Min(x + 6 * rng.NextDouble() - 3, tl[i] * (LogProbMax - 0.05))).ToArray();
        return (lw, ll, tw, tl, refW, refL);
    }

    /// <summary>Loss and gradients w.r.t. ℓ_w, ℓ_l, ℓ^ref_w, ℓ^ref_l of the same spec for K agents.</summary>
    private static Result Run(ObjectiveSpec spec, ScalarType dtype)
    {
        using var scope = NewDisposeScope();
        var (lw, ll, tw, tl, refW, refL) = Data();
        var leaves = new[] { lw, ll, refW, refL }.Select(v => T(v, K, M).to(dtype).requires_grad_(true)).ToArray();
        using var objective = ObjectiveCatalog.Create(Enumerable.Repeat(spec, K).ToArray(), Cpu, dtype);
        var loss = objective.PairLoss(new PairLogProbs(leaves[0], leaves[1], T(tw, K, M).to(dtype), T(tl, K, M).to(dtype), leaves[2], leaves[3], LogProbMax));
        loss.sum().backward();
        return new Result(Doubles(loss), leaves.Select(l => l.grad is { } g ? Doubles(g) : new double[K * M]).ToArray());
    }

    private static void AssertSame(Result expected, Result actual, double relative)
    {
        for (var i = 0; i < K * M; i++)
        {
            AssertClose(expected.Loss[i], actual.Loss[i], relative, $"loss[{i}]");
            for (var v = 0; v < expected.Gradients.Length; v++)
            {
                Assert.True(double.IsFinite(actual.Gradients[v][i]));
                AssertClose(expected.Gradients[v][i], actual.Gradients[v][i], relative, $"gradient {v} [{i}]");
            }
        }
    }

    private static double[] Evaluate(ObjectiveSpec spec, PairLogProbs pairs)
    {
        using var objective = ObjectiveCatalog.Create([spec], Cpu, ScalarType.Float64);
        return Doubles(objective.PairLoss(pairs));
    }

    private static Tensor Full(int k, int m, double value) => full(k, m, value, dtype: ScalarType.Float64);
}
