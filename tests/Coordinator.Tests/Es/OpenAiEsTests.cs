using EvoPo.Coordinator.Es;

namespace EvoPo.Coordinator.Tests.Es;

public class OpenAiEsTests
{
    private static readonly EsSettings Settings = new() { Population = 8 };

    [Fact]
    public void Ask_is_deterministic_and_antithetic()
    {
        var es = new OpenAiEs(Settings, runSeed: 7, dimension: 3);
        var state = (OpenAiEsState)es.Initialize([0.5, -1.0, 2.0]);
        var a = es.Ask(state);
        var b = new OpenAiEs(Settings, runSeed: 7, dimension: 3).Ask(state);

        Assert.Equal(8, a.Length);
        for (var i = 0; i < a.Length; i++) Assert.Equal(a[i], b[i]);
        for (var j = 0; j < 4; j++)
            for (var d = 0; d < 3; d++)
                Assert.Equal(2 * state.Mean[d], a[j][d] + a[j + 4][d], 12);
        Assert.NotEqual(a[0], new OpenAiEs(Settings, runSeed: 8, dimension: 3).Ask(state)[0]);
    }

    [Fact]
    public void Ask_uses_the_documented_noise_key()
    {
        var es = new OpenAiEs(Settings, runSeed: 7, dimension: 2);
        var state = (OpenAiEsState)es.Initialize([0.0, 0.0]) with { Generation = 5 };
        var rng = EvoPo.Simulation.Random.CounterRng.Create(7, 1, 5, 2);
        var candidate = es.Ask(state)[2];
        Assert.Equal(state.Sigma * rng.GaussianAt(0), candidate[0]);
        Assert.Equal(state.Sigma * rng.GaussianAt(1), candidate[1]);
    }

    [Fact]
    public void Tell_depends_only_on_its_inputs_and_does_not_mutate_them()
    {
        var es = new OpenAiEs(Settings, runSeed: 3, dimension: 10);
        var state = (OpenAiEsState)es.Initialize(new double[10]);
        var before = state.MeanDigest();
        double[] fitness = [1, 2, 3, double.NaN, 5, 6, 7, 8];

        var first = es.Tell(state, es.Ask(state), fitness);
        var second = new OpenAiEs(Settings, runSeed: 3, dimension: 10).Tell(state, es.Ask(state), fitness);

        Assert.Equal(before, state.MeanDigest());
        Assert.All(state.Optimizer.M, x => Assert.Equal(0.0, x));
        Assert.Equal(first.State.MeanDigest(), second.State.MeanDigest());
        Assert.Equal(first.Stats, second.Stats);
        Assert.Equal(1, first.State.Generation);
        Assert.Equal(1, first.Stats.FailedCount);
        Assert.Equal(7, first.Stats.BestIndex);
        Assert.Equal(8.0, first.Stats.Max);
        Assert.Equal(1.0, first.Stats.Min);
        Assert.Equal(32.0 / 7, first.Stats.Mean, 12);
        Assert.Equal(8.0, first.State.BestFitness);
        Assert.Equal(es.Ask(state)[7], first.State.BestParameters);
    }

    [Fact]
    public void Best_candidate_is_kept_across_generations()
    {
        var es = new OpenAiEs(Settings, runSeed: 3, dimension: 4);
        var s0 = es.Initialize(new double[4]);
        var s1 = es.Tell(s0, es.Ask(s0), [0, 0, 9, 0, 0, 0, 0, 0]).State;
        var s2 = es.Tell(s1, es.Ask(s1), [1, 1, 1, 1, 1, 1, 1, 1]).State;
        Assert.Equal(9.0, s2.BestFitness);
        Assert.Equal(es.Ask(s0)[2], s2.BestParameters);

        var none = es.Tell(s0, es.Ask(s0), [double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN]);
        Assert.Equal(-1, none.Stats.BestIndex);
        Assert.Equal(8, none.Stats.FailedCount);
        Assert.Null(none.State.BestParameters);
    }

    [Fact]
    public void Tell_rejects_a_fitness_vector_of_the_wrong_length()
    {
        var es = new OpenAiEs(Settings, runSeed: 3, dimension: 1);
        var state = es.Initialize([0.0]);
        Assert.Throws<ArgumentException>(() => es.Tell(state, es.Ask(state), [1, 2, 3]));
        Assert.Throws<ArgumentException>(() => es.Tell(state, es.Ask(state)[..3], [1, 2, 3, 4, 5, 6, 7, 8]));
    }

    [Fact]
    public void Climbs_a_shifted_sphere_in_20_dimensions()
    {
        const int dim = 20;
        var centre = Enumerable.Range(0, dim).Select(d => (d % 2 == 0 ? 1.0 : -1.0) * (0.5 + 0.02 * d)).ToArray();
        var norm = Math.Sqrt(centre.Sum(c => c * c));
        var es = new OpenAiEs(new EsSettings { Population = 32 }, runSeed: 2024, dimension: dim);
        var state = es.Initialize(new double[dim]);

        const int maxGenerations = 200;
        for (var g = 0; g < maxGenerations; g++)
        {
            var candidates = es.Ask(state);
            state = es.Tell(state, candidates, candidates.Select(x => -SquaredDistance(x, centre)).ToArray()).State;
        }

        var error = Math.Sqrt(SquaredDistance(state.Mean, centre));
        Assert.True(error < 0.05 * norm, $"‖μ − c‖ = {error}, tolerance {0.05 * norm}");
    }

    [Fact]
    public void Sigma_decays_to_the_floor()
    {
        var settings = new EsSettings { Population = 4, Sigma0 = 0.03, SigmaDecay = 0.5, SigmaMin = 0.001 };
        var es = new OpenAiEs(settings, runSeed: 1, dimension: 1);
        EsState state = es.Initialize([1.0]);
        Assert.Equal(0.03, state.StepSize);
        state = es.Tell(state, es.Ask(state), [1, 2, 3, 4]).State;
        Assert.Equal(0.015, state.StepSize);
        for (var g = 0; g < 10; g++) state = es.Tell(state, es.Ask(state), [1, 2, 3, 4]).State;
        Assert.Equal(0.001, state.StepSize);
    }

    [Fact]
    public void Resume_from_a_serialized_state_gives_the_same_mean_digests()
    {
        var es = new OpenAiEs(new EsSettings { Population = 16, WeightDecay = 0.01 }, runSeed: 99, dimension: 12);
        var centre = Enumerable.Range(0, 12).Select(d => d * 0.1).ToArray();

        var uninterrupted = new List<string>();
        var state = es.Initialize(new double[12]);
        for (var g = 0; g < 10; g++)
        {
            state = Step(es, state, centre);
            uninterrupted.Add(state.MeanDigest());
        }

        var resumed = new List<string>();
        var first = es.Initialize(new double[12]);
        for (var g = 0; g < 5; g++)
        {
            first = Step(es, first, centre);
            resumed.Add(first.MeanDigest());
        }
        var restored = EsStateCodec.Unwrap(EsStateCodec.Wrap(first));
        var afterRestart = new OpenAiEs(new EsSettings { Population = 16, WeightDecay = 0.01 }, runSeed: 99, dimension: 12);
        for (var g = 0; g < 5; g++)
        {
            restored = Step(afterRestart, restored, centre);
            resumed.Add(restored.MeanDigest());
        }

        Assert.Equal(uninterrupted, resumed);
        Assert.Equal(((OpenAiEsState)state).Optimizer.Step, ((OpenAiEsState)restored).Optimizer.Step);
        Assert.Equal(EsState.Digest(state.BestParameters), EsState.Digest(restored.BestParameters));
    }

    [Fact]
    public void Mean_digest_is_lowercase_sha256_of_little_endian_doubles()
    {
        var state = new OpenAiEsState(0, [1.0], double.NegativeInfinity, null, 0.1, OptimizerState.Zero(1));
        // SHA-256 of 00 00 00 00 00 00 F0 3F
        var expected = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(
            new byte[] { 0, 0, 0, 0, 0, 0, 0xF0, 0x3F }));
        Assert.Equal(expected, state.MeanDigest());
        Assert.Equal(64, expected.Length);
    }

    private static EsState Step(OpenAiEs es, EsState state, double[] centre)
    {
        var candidates = es.Ask(state);
        return es.Tell(state, candidates, candidates.Select(x => -SquaredDistance(x, centre)).ToArray()).State;
    }

    private static double SquaredDistance(double[] x, double[] c)
    {
        var sum = 0.0;
        for (var d = 0; d < x.Length; d++) sum += (x[d] - c[d]) * (x[d] - c[d]);
        return sum;
    }
}
