using EvoPo.GpuWorker.Objectives;
using EvoPo.GpuWorker.Torch;
using EvoPo.Simulation.Random;
using TorchSharp;
using static TorchSharp.torch;
using static EvoPo.GpuWorker.Tests.Objectives.TestTensors;

namespace EvoPo.GpuWorker.Tests.Objectives;

public sealed class ObjectiveTests
{
    private const double LogProbMax = 3.0;

    public ObjectiveTests() => TorchRuntime.EnsureLoaded();

    public static TheoryData<string> AllNames() => [.. ObjectiveCatalog.Names];

    [Theory]
    [InlineData("dpo", 1.0, 1.0, 0.0, 0.0)]      // ρ_w = ρ_l
    [InlineData("dpo", -20.0, -40.0, -25.0, -45.0)]
    [InlineData("simpo", -10.0, -17.5, 0.0, 0.0)] // β(ℓ̄_w − ℓ̄_l) = 2·0.75 = γ (set to 1.5)
    public void Logistic_losses_are_log_two_where_their_argument_is_zero(string name, double lw, double ll, double refW, double refL)
    {
        using var scope = NewDisposeScope();
        var h = name == "simpo" ? new Dictionary<string, double> { ["gamma"] = 1.5 } : new Dictionary<string, double>();
        var loss = Evaluate(new ObjectiveSpec(name, h), Pairs([lw], [ll], [10], [10], [refW], [refL]));
        Assert.Equal(Math.Log(2), loss[0], 12);
    }

    [Fact]
    public void Hand_computed_values()
    {
        using var scope = NewDisposeScope();
        var p = Pairs([-20], [-20], [10], [5], [-24], [-22]);
        Assert.Equal(2.0, Evaluate(ObjectiveSpec.Default("sft"), p)[0], 12);
        // IPO: ρ̄_w − ρ̄_l = 4/10 − 2/5 = 0, so the loss is (1/(2τ))² = 25.
        Assert.Equal(25.0, Evaluate(ObjectiveSpec.Default("ipo"), p)[0], 10);
        // CPO at ℓ_w = ℓ_l: log 2 − λ ℓ̄_w = log 2 + 2.
        Assert.Equal(Math.Log(2) + 2, Evaluate(ObjectiveSpec.Default("cpo"), p)[0], 12);
        // ORPO at equal ℓ̄: −ℓ̄_w + λ log 2.
        var q = Pairs([-20], [-10], [10], [5], [0], [0]);
        Assert.Equal(2 + 0.1 * Math.Log(2), Evaluate(ObjectiveSpec.Default("orpo"), q)[0], 12);
        // SLiC-HF: hinge at δ − ℓ_w + ℓ_l = 1 − 0 = 1, plus −λ ℓ̄_w = 0.2.
        Assert.Equal(1.2, Evaluate(ObjectiveSpec.Default("slic-hf"), p)[0], 12);
    }

    [Fact]
    public void Colpo_pushes_only_while_the_chosen_trajectory_is_likely()
    {
        using var scope = NewDisposeScope();
        // ℓ̄_w = −2 ≥ log 0.05 ≈ −3.0: the gate is open; ℓ̄_w = −4: closed, only −λ ℓ̄_w is left.
        var loss = Evaluate(ObjectiveSpec.Default("colpo"), Pairs([-20, -40], [-10, -10], [10, 10], [5, 5], [0, 0], [0, 0]));
        Assert.Equal(2 + (-2 - -2), loss[0], 12);
        Assert.Equal(4, loss[1], 12);
        var open = Evaluate(ObjectiveSpec.Default("colpo"), Pairs([-20], [-5], [10], [5], [0], [0]));
        Assert.Equal(2 + (-1 - -2), open[0], 12);
    }

    [Fact]
    public void Maxpo_weights_stay_finite_when_every_ratio_underflows()
    {
        using var scope = NewDisposeScope();
        double[] lw = [-20, -30, -25], ll = [-22, -35, -21];
        PairLogProbs With(double shift) => Pairs(lw, ll, [10, 10, 10], [10, 10, 10], [0, 0, 0], [0, 0, 0]) with
        {
            ChosenBehaviour = T(lw.Select((x, i) => x + shift + i).ToArray(), 1, 3),
            RejectedBehaviour = T(ll.Select((x, i) => x + shift - i).ToArray(), 1, 3),
        };
        // Ratios e^-(1000+i) all underflow in exp; normalized, they are the weights of ratios e^-i.
        var far = Evaluate(ObjectiveSpec.Default("maxpo"), With(1000));
        var near = Evaluate(ObjectiveSpec.Default("maxpo"), With(0));
        Assert.All(far, v => Assert.True(double.IsFinite(v)));
        for (var i = 0; i < 3; i++) Assert.Equal(near[i], far[i], 10);
    }

    [Fact]
    public void Monotone_network_is_non_decreasing_for_random_parameters()
    {
        using var scope = NewDisposeScope();
        const int k = 8, m = 400;
        var rng = CounterRng.Create(11).Stream();
        var parameters = Enumerable.Range(0, k * MonotoneNetwork.ParameterCount).Select(_ => rng.NextGaussian()).ToArray();
        var x = linspace(-2, 2, m, dtype: ScalarType.Float64).unsqueeze(0).expand(k, m).contiguous().requires_grad_(true);
        var y = MonotoneNetwork.Evaluate(tensor(parameters, dtype: ScalarType.Float64).view(k, MonotoneNetwork.ParameterCount), x);
        var steps = (y.narrow(1, 1, m - 1) - y.narrow(1, 0, m - 1)).data<double>().ToArray();
        Assert.All(steps, d => Assert.True(d >= 0, $"N decreased by {d}"));
        y.sum().backward();
        Assert.All(Doubles(x.grad!), g => Assert.True(double.IsFinite(g) && g >= 0, $"dN/dx = {g}"));
        // Each agent row has its own network: row 0 matches the scalar reference.
        var first = Doubles(y)[..m];
        var xs = Doubles(x)[..m];
        for (var i = 0; i < m; i += 37)
            Assert.Equal(ReferenceLosses.Net(parameters[..MonotoneNetwork.ParameterCount], 0, xs[i]).V, first[i], 1e-9);
    }

    [Fact]
    public void Unknown_objective_is_refused_with_the_allowed_names()
    {
        var error = Assert.Throws<ArgumentException>(() => ObjectiveCatalog.Validate(ObjectiveSpec.Default("kto")));
        Assert.Contains("'kto'", error.Message);
        Assert.Contains("dpo", error.Message);
        Assert.Contains("mpo-1s", error.Message);
    }

    [Fact]
    public void Unknown_hyperparameter_is_refused_with_the_allowed_ones()
    {
        var spec = new ObjectiveSpec("simpo", new Dictionary<string, double> { ["beta"] = 1, ["lambda"] = 1 });
        var error = Assert.Throws<ArgumentException>(() => ObjectiveCatalog.Validate(spec));
        Assert.Contains("'lambda'", error.Message);
        Assert.Contains("beta, gamma", error.Message);
    }

    [Theory]
    [InlineData("dpo", "beta", -1, "must be > 0")]
    [InlineData("simpo", "beta", 0, "must be > 0")]
    [InlineData("ipo", "tau", 0, "must be > 0")]
    [InlineData("orpo", "lambda", -5, "must be ≥ 0 and ≤ 1000")]
    [InlineData("mpo-1s", "inputTemperature", 0, "must be ≥ 0.01 and ≤ 1000")]
    [InlineData("mpo-2s", "sftWeight", 1e6, "must be ≥ 0 and ≤ 1000")]
    public void A_hyperparameter_outside_its_range_is_refused_by_every_objective_that_has_it(string name, string key, double value, string message)
    {
        var parameters = ObjectiveCatalog.ParameterLengths(name).Where(l => l > 0).Order().FirstOrDefault() is var n and > 0 ? new double[n] : null;
        var error = Assert.Throws<ArgumentException>(() =>
            ObjectiveCatalog.Validate(new ObjectiveSpec(name, new Dictionary<string, double> { [key] = value }, parameters)));
        Assert.Contains($"objective '{name}': hyperparameter '{key}' {message}", error.Message);
        ObjectiveCatalog.Validate(new ObjectiveSpec(name, new Dictionary<string, double>(ObjectiveCatalog.Defaults(name)), parameters));
    }

    [Fact]
    public void Wrong_parameter_length_is_refused()
    {
        var error = Assert.Throws<ArgumentException>(() => ObjectiveCatalog.Validate(new ObjectiveSpec("mpo-1s", new Dictionary<string, double>(), new double[10])));
        Assert.Contains("379", error.Message);
        Assert.Throws<ArgumentException>(() => ObjectiveCatalog.Validate(new ObjectiveSpec("dpo", new Dictionary<string, double>(), new double[379])));
        // With flags, the length must be 379 per learned function: [psi, g] is 758, not 379.
        var flags = new Dictionary<string, double> { ["learnPhi"] = 0, ["learnPsi"] = 1, ["learnG"] = 1 };
        error = Assert.Throws<ArgumentException>(() => ObjectiveCatalog.Validate(new ObjectiveSpec("mpo-2s", flags, new double[379])));
        Assert.Contains("[psi, g]", error.Message);
        Assert.Contains("758", error.Message);
        ObjectiveCatalog.Validate(new ObjectiveSpec("mpo-2s", flags, new double[758]));
    }

    [Fact]
    public void Step_classes_follow_math_md()
    {
        string[] twoStep = ["dpo", "ipo", "rdpo", "mpo-2s"];
        foreach (var name in ObjectiveCatalog.Names)
            Assert.Equal(twoStep.Contains(name), ObjectiveCatalog.IsTwoStep(name));
    }

    private static double[] Evaluate(ObjectiveSpec spec, PairLogProbs pairs)
    {
        using var objective = ObjectiveCatalog.Create([spec], Cpu, ScalarType.Float64);
        return Doubles(objective.PairLoss(pairs));
    }

    private static PairLogProbs Pairs(double[] lw, double[] ll, double[] tw, double[] tl, double[] refW, double[] refL)
    {
        var m = lw.Length;
        return new PairLogProbs(T(lw, 1, m), T(ll, 1, m), T(tw, 1, m), T(tl, 1, m), T(refW, 1, m), T(refL, 1, m), LogProbMax);
    }
}
