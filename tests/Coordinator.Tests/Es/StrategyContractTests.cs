using EvoPo.Coordinator.Es;

namespace EvoPo.Coordinator.Tests.Es;

/// <summary>What every strategy promises the search: pure, keyed, resumable from its envelope, strict about its inputs.</summary>
public class StrategyContractTests
{
    public static TheoryData<StrategyKind> Kinds => new(Enum.GetValues<StrategyKind>());

    private const int Dimension = 7;

    private static IStrategy Create(StrategyKind kind, ulong seed = 5) =>
        Strategies.Create(new EsSettings { Strategy = kind, Population = 8, Sigma0 = 0.3 }, seed, Dimension);

    private static double[] Start => Enumerable.Range(0, Dimension).Select(d => 0.1 * d - 0.3).ToArray();

    private static double[] Fitness(double[][] candidates) =>
        candidates.Select(x => -x.Select((v, d) => (v - 0.05 * d) * (v - 0.05 * d) * (1 + d)).Sum()).ToArray();

    private static EsState Step(IStrategy es, EsState state)
    {
        var candidates = es.Ask(state);
        return es.Tell(state, candidates, Fitness(candidates)).State;
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Ask_is_a_function_of_the_state_and_the_run_seed(StrategyKind kind)
    {
        var es = Create(kind);
        var state = es.Initialize(Start);
        Assert.Equal(es.Ask(state), Create(kind).Ask(state));
        Assert.NotEqual(es.Ask(state)[0], Create(kind, seed: 6).Ask(state)[0]);
        Assert.Equal(8, es.Ask(state).Length);
        Assert.NotEqual(es.Ask(state)[0], es.Ask(Step(es, state))[0]);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Antithetic_strategies_mirror_pairs_and_the_others_sample_independently(StrategyKind kind)
    {
        var es = Create(kind);
        var state = es.Initialize(Start);
        var x = es.Ask(state);
        var mirrored = Enumerable.Range(0, 4).All(j => Enumerable.Range(0, Dimension).All(d => Math.Abs(x[j][d] + x[j + 4][d] - 2 * Start[d]) < 1e-12));
        Assert.Equal(kind is StrategyKind.OpenAiEs or StrategyKind.Pgpe, mirrored);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Tell_leaves_its_inputs_alone_and_resuming_from_the_envelope_continues_bit_for_bit(StrategyKind kind)
    {
        var es = Create(kind);
        var straight = es.Initialize(Start);
        var digests = new List<string>();
        for (var g = 0; g < 8; g++)
        {
            straight = Step(es, straight);
            digests.Add(straight.MeanDigest());
        }

        var state = es.Initialize(Start);
        var resumed = new List<string>();
        for (var g = 0; g < 4; g++)
        {
            state = Step(es, state);
            resumed.Add(state.MeanDigest());
        }
        var before = state.MeanDigest();
        var envelope = EsStateCodec.Wrap(state);
        Assert.Equal(before, state.MeanDigest());
        Assert.Equal(StrategyNames.Of(kind), envelope.Strategy);
        var restored = EsStateCodec.Unwrap(envelope);
        var other = Create(kind);
        for (var g = 0; g < 4; g++)
        {
            restored = Step(other, restored);
            resumed.Add(restored.MeanDigest());
        }
        Assert.Equal(digests, resumed);
        Assert.Equal(EsStateCodec.Wrap(straight).Payload, EsStateCodec.Wrap(restored).Payload);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Failed_candidates_rank_last_and_the_best_so_far_is_a_real_candidate(StrategyKind kind)
    {
        var es = Create(kind);
        var state = es.Initialize(Start);
        var candidates = es.Ask(state);
        var fitness = Fitness(candidates);
        fitness[1] = double.NaN;
        fitness[6] = double.NegativeInfinity;
        var told = es.Tell(state, candidates, fitness);
        Assert.Equal(2, told.Stats.FailedCount);
        Assert.All(told.State.Mean, v => Assert.True(double.IsFinite(v)));
        Assert.True(double.IsFinite(told.State.StepSize) && told.State.StepSize > 0);
        Assert.Equal(candidates[told.Stats.BestIndex], told.State.BestParameters);
        Assert.Equal(fitness.Where(double.IsFinite).Max(), told.State.BestFitness);

        var allFailed = es.Tell(state, candidates, Enumerable.Repeat(double.NaN, 8).ToArray());
        Assert.Null(allFailed.State.BestParameters);
        Assert.All(allFailed.State.Mean, v => Assert.True(double.IsFinite(v)));
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void A_state_of_another_strategy_or_size_is_refused(StrategyKind kind)
    {
        var es = Create(kind);
        var other = Create(kind == StrategyKind.Snes ? StrategyKind.Pgpe : StrategyKind.Snes).Initialize(Start);
        Assert.Throws<ArgumentException>(() => es.Ask(other));
        Assert.Throws<ArgumentException>(() => es.Initialize([1.0, 2.0]));
        var state = es.Initialize(Start);
        Assert.Throws<ArgumentException>(() => es.Tell(state, es.Ask(state), new double[7]));
    }

    [Fact]
    public void An_envelope_of_an_unknown_strategy_or_version_is_refused_by_name()
    {
        var envelope = EsStateCodec.Wrap(Create(StrategyKind.Pgpe).Initialize(Start));
        Assert.Contains("'xnes'", Assert.Throws<InvalidDataException>(() => EsStateCodec.Unwrap(envelope with { Strategy = "xnes" })).Message);
        Assert.Contains("version 9", Assert.Throws<InvalidDataException>(() => EsStateCodec.Unwrap(envelope with { Version = 9 })).Message);
        Assert.Contains("pgpe", Assert.Throws<InvalidDataException>(() => EsStateCodec.Unwrap(envelope with { Payload = [0xc1] })).Message);
    }
}
