using EvoPo.GpuWorker.Objectives;
using EvoPo.GpuWorker.Torch;
using EvoPo.Simulation.Random;
using TorchSharp;
using static TorchSharp.torch;

namespace EvoPo.GpuWorker.Tests.Objectives;

public sealed class ObjectiveTests
{
    private const double LogProbMax = 3.0;
    private static readonly Device Cpu = new("cpu");

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

    [Theory]
    [MemberData(nameof(AllNames))]
    public void Loss_and_gradients_match_a_float64_reference(string name)
    {
        using var scope = NewDisposeScope();
        const int k = 3, m = 4;
        var rng = CounterRng.Create(42, (ulong)name.Sum(c => (int)c)).Stream();
        double Uniform(double lo, double hi) => lo + (hi - lo) * rng.NextDouble();
        var tw = Enumerable.Range(0, k * m).Select(_ => (double)(5 + rng.NextInt(20))).ToArray();
        var tl = Enumerable.Range(0, k * m).Select(_ => (double)(5 + rng.NextInt(20))).ToArray();
        // Mean log-probs in (ℓ_max − 4, ℓ_max − 0.1): the probability domain away from its ends.
        var lw = tw.Select(t => t * Uniform(LogProbMax - 4, LogProbMax - 0.1)).ToArray();
        var ll = tl.Select(t => t * Uniform(LogProbMax - 4, LogProbMax - 0.1)).ToArray();
        var refW = lw.Select(x => x + Uniform(-3, 3)).ToArray();
        var refL = ll.Select(x => x + Uniform(-3, 3)).ToArray();
        var specs = Enumerable.Range(0, k).Select(a => RandomSpec(name, rng)).ToArray();

        var chosen = tensor(lw, dtype: ScalarType.Float64).view(k, m).requires_grad_(true);
        var rejected = tensor(ll, dtype: ScalarType.Float64).view(k, m).requires_grad_(true);
        var pairs = new PairLogProbs(chosen, rejected, T(tw, k, m), T(tl, k, m), T(refW, k, m), T(refL, k, m), LogProbMax);
        using var objective = ObjectiveCatalog.Create(specs, Cpu, ScalarType.Float64);
        var loss = objective.PairLoss(pairs);
        loss.sum().backward();
        var values = loss.data<double>().ToArray();
        var gradW = chosen.grad!.data<double>().ToArray();
        var gradL = rejected.grad?.data<double>().ToArray() ?? new double[k * m]; // SFT never reads ℓ_l

        for (var i = 0; i < k * m; i++)
        {
            var spec = specs[i / m];
            var h = WithDefaults(spec);
            double F(double dw, double dl) => ReferenceLosses.Loss(name, h, spec.Parameters,
                new ReferenceLosses.Pair(lw[i] + dw, ll[i] + dl, tw[i], tl[i], refW[i], refL[i], LogProbMax));
            const double step = 1e-6;
            AssertClose(F(0, 0), values[i], $"{name} loss[{i}]");
            AssertClose((F(step, 0) - F(-step, 0)) / (2 * step), gradW[i], $"{name} ∂/∂ℓ_w[{i}]");
            AssertClose((F(0, step) - F(0, -step)) / (2 * step), gradL[i], $"{name} ∂/∂ℓ_l[{i}]");
        }
    }

    [Theory]
    [InlineData(379)]
    [InlineData(758)]
    public void Mpo_with_the_zero_vector_is_orpo_in_value_and_gradient(int length)
    {
        using var scope = NewDisposeScope();
        var rng = CounterRng.Create(7).Stream();
        const int k = 2, m = 5;
        var tw = Enumerable.Range(0, k * m).Select(_ => 10.0 + rng.NextInt(10)).ToArray();
        var tl = Enumerable.Range(0, k * m).Select(_ => 10.0 + rng.NextInt(10)).ToArray();
        var lw = tw.Select(t => t * (LogProbMax - 0.01 - 30 * rng.NextDouble())).ToArray();
        var ll = tl.Select(t => t * (LogProbMax - 0.01 - 30 * rng.NextDouble())).ToArray();

        (double[] Loss, double[] GradW, double[] GradL) Run(ObjectiveSpec spec, ScalarType dtype)
        {
            var chosen = tensor(lw, dtype: ScalarType.Float64).to(dtype).view(k, m).requires_grad_(true);
            var rejected = tensor(ll, dtype: ScalarType.Float64).to(dtype).view(k, m).requires_grad_(true);
            var lengthsW = tensor(tw, dtype: ScalarType.Float64).to(dtype).view(k, m);
            var lengthsL = tensor(tl, dtype: ScalarType.Float64).to(dtype).view(k, m);
            using var objective = ObjectiveCatalog.Create([spec, spec], Cpu, dtype);
            var loss = objective.PairLoss(new PairLogProbs(chosen, rejected, lengthsW, lengthsL, null, null, LogProbMax));
            loss.sum().backward();
            return (Doubles(loss), Doubles(chosen.grad!), Doubles(rejected.grad!));
        }

        foreach (var dtype in new[] { ScalarType.Float32, ScalarType.Float64 })
        {
            var hyper = new Dictionary<string, double> { ["lambda"] = 0.3 };
            var orpo = Run(new ObjectiveSpec("orpo", hyper), dtype);
            var mpo = Run(new ObjectiveSpec("mpo-1s", hyper, new double[length]), dtype);
            Assert.Equal(orpo.Loss, mpo.Loss, new Tolerance(1e-6));
            Assert.Equal(orpo.GradW, mpo.GradW, new Tolerance(1e-6));
            Assert.Equal(orpo.GradL, mpo.GradL, new Tolerance(1e-6));
            Assert.All(orpo.GradW.Concat(orpo.GradL), g => Assert.True(double.IsFinite(g)));
        }
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
            Assert.Equal(ReferenceLosses.Network(parameters[..MonotoneNetwork.ParameterCount], 0, xs[i]), first[i], 1e-9);
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

    [Fact]
    public void Wrong_parameter_length_is_refused()
    {
        var error = Assert.Throws<ArgumentException>(() => ObjectiveCatalog.Validate(new ObjectiveSpec("mpo-1s", new Dictionary<string, double>(), new double[10])));
        Assert.Contains("379", error.Message);
        Assert.Throws<ArgumentException>(() => ObjectiveCatalog.Validate(new ObjectiveSpec("dpo", new Dictionary<string, double>(), new double[379])));
    }

    [Fact]
    public void Step_classes_follow_math_md()
    {
        string[] twoStep = ["dpo", "ipo", "rdpo"];
        foreach (var name in ObjectiveCatalog.Names)
            Assert.Equal(twoStep.Contains(name), ObjectiveCatalog.IsTwoStep(name));
    }

    private static ObjectiveSpec RandomSpec(string name, RngStream rng)
    {
        // Each agent of the group gets its own hyperparameters (and parameters), as in a mixed ES batch.
        var hyper = ObjectiveCatalog.Defaults(name).ToDictionary(kv => kv.Key, kv => kv.Value * (0.5 + rng.NextDouble()));
        double[]? parameters = null;
        if (name == "mpo-1s")
        {
            parameters = Enumerable.Range(0, MonotoneNetwork.ParameterCount).Select(_ => 0.3 * rng.NextGaussian()).ToArray();
        }
        return new ObjectiveSpec(name, hyper, parameters);
    }

    [Fact]
    public void Learned_psi_matches_the_float64_reference()
    {
        using var scope = NewDisposeScope();
        var rng = CounterRng.Create(5).Stream();
        var parameters = Enumerable.Range(0, 758).Select(_ => 0.3 * rng.NextGaussian()).ToArray();
        var spec = new ObjectiveSpec("mpo-1s", new Dictionary<string, double> { ["lambda"] = 0.7, ["inputTemperature"] = 6 }, parameters);
        double[] lw = [-20, -35, -8], ll = [-30, -25, -9], tw = [10, 12, 4], tl = [11, 9, 4];
        var loss = Evaluate(spec, Pairs(lw, ll, tw, tl, [0, 0, 0], [0, 0, 0]));
        for (var i = 0; i < 3; i++)
            AssertClose(ReferenceLosses.Loss("mpo-1s", WithDefaults(spec), parameters,
                new ReferenceLosses.Pair(lw[i], ll[i], tw[i], tl[i], 0, 0, LogProbMax)), loss[i], $"loss[{i}]");
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

    private static Tensor T(double[] values, int k, int m) => tensor(values, dtype: ScalarType.Float64).view(k, m);

    private static double[] Doubles(Tensor t) => t.detach().to(ScalarType.Float64).contiguous().data<double>().ToArray();

    private static Dictionary<string, double> WithDefaults(ObjectiveSpec spec)
    {
        var h = ObjectiveCatalog.Defaults(spec.Name).ToDictionary();
        foreach (var (key, value) in spec.Hyperparameters) h[key] = value;
        return h;
    }

    private static void AssertClose(double expected, double actual, string what) =>
        Assert.True(Math.Abs(expected - actual) <= 1e-5 * Math.Abs(expected) + 1e-8,
            $"{what}: expected {expected:R}, got {actual:R}");

    private sealed class Tolerance(double tolerance) : IEqualityComparer<double>
    {
        public bool Equals(double a, double b) => Math.Abs(a - b) <= tolerance * Math.Max(1, Math.Abs(b));
        public int GetHashCode(double value) => 0;
    }
}
