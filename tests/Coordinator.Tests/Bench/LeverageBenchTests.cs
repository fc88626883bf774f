using EvoPo.Coordinator.Bench;
using EvoPo.Coordinator.Config;
using EvoPo.Coordinator.Tests.Pretrain;
using Xunit.Abstractions;

namespace EvoPo.Coordinator.Tests.Bench;

/// <summary>
/// <c>evopo bench leverage</c> at a small scale on the shipped quickstart (its agents, dataset recipe, objective and σ0):
/// the candidates of one generation must differ in fitness, which they did not before the 1S margin scale, the log
/// network input and the learned ψ and g (issue 16: within-generation spread &lt; 0.4 of return).
/// </summary>
public sealed class LeverageBenchTests(ITestOutputHelper output)
{
    /// <summary>The stated amount: candidates' fitness std with a shared training seed (return units of crawler-3leg).</summary>
    private const double MinCandidateStd = 1.0;

    private static readonly string QuickstartPath = Path.Combine(ShippedAgentsTests.RepoRoot(), "configs", "quickstart.yaml");

    /// <summary>The quickstart shrunk to seconds: 64 pairs (its 4 epochs), 8 episodes, 8 candidates.</summary>
    private static SearchConfig Small(SearchConfig config) => (config with
    {
        Dataset = config.Dataset with { Pairs = 64 },
        Evaluation = config.Evaluation with { Episodes = 8 },
        Es = config.Es with { Population = 8 },
    }).Validate();

    [Fact]
    public void Quickstart_candidates_of_one_generation_differ_in_fitness_by_more_than_the_stated_amount()
    {
        var result = new LeverageBench(Small(SearchConfigLoader.Load(QuickstartPath)), QuickstartPath).Run(2, TextWriter.Null, CancellationToken.None);
        output.WriteLine($"candidates: {string.Join(", ", result.CandidateFitness.Select(f => f.ToString("F2")))}; std {result.CandidateSpread:F2}");
        Assert.True(result.CandidateSpread > MinCandidateStd, $"candidate std {result.CandidateSpread:F2} ≤ {MinCandidateStd}: the search has lost its leverage");
    }

    [Fact]
    public void The_objective_searched_before_leverage_fails_the_same_check()
    {
        // The quickstart's objective before issue 16 (learn φ only, β = 1, input p^(1/5)): the check must be able to fail.
        var config = SearchConfigLoader.Load(QuickstartPath);
        var old = Small(config with { Objective = new ObjectiveConfig { Lambda = 0.5, InputTemperature = 5.0 }, Es = config.Es with { Sigma0 = 0.5 } });
        var result = new LeverageBench(old, QuickstartPath).Run(2, TextWriter.Null, CancellationToken.None);
        output.WriteLine($"candidates: {string.Join(", ", result.CandidateFitness.Select(f => f.ToString("F2")))}; std {result.CandidateSpread:F2}");
        Assert.True(result.CandidateSpread < MinCandidateStd, $"candidate std {result.CandidateSpread:F2}");
    }

    [Fact]
    public void Leverage_is_candidate_std_over_seed_std_and_fails_below_the_threshold()
    {
        var result = new LeverageResult([1, 2, 3], [10, 12], [], null!, null!, 0);
        Assert.Equal(1.0, result.CandidateSpread, 12);
        Assert.Equal(Math.Sqrt(2), result.SeedSpread, 12);
        Assert.False(result.HasLeverage(1));
        Assert.True(result.HasLeverage(0.5));
        Assert.True(double.IsNaN(LeverageResult.Std([double.NaN, 1])));
    }

    [Fact]
    public void Margin_quantiles_interpolate_between_order_statistics()
    {
        Assert.Equal([0.2, 1, 2, 3, 3.8], Margins.Quantiles([4, 0, 2, 1, 3]).Select(q => Math.Round(q, 12)));
        var margins = Margins.Of(([-20.0], [-40.0], [10.0], [10.0]), 3.0, 0.1);
        Assert.Equal([-5.0, -7.0], margins.LogP);
        Assert.Equal(0.1 * margins.Margin[0], margins.SigmoidArgument[0], 12);
        Assert.True(margins.Margin[0] > 2.0 && margins.Margin[0] < 2.1); // logit −5 − logit −7 ≈ 2 + small
    }
}
