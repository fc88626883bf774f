using EvoPo.Coordinator.Config;
using EvoPo.Coordinator.Es;
using EvoPo.Coordinator.Runs;
using EvoPo.Coordinator.Search;
using EvoPo.Coordinator.Tests.Search;

namespace EvoPo.Coordinator.Tests.Runs;

public sealed class ReportWriterTests
{
    [Fact]
    public void Settings_are_written_as_configured_not_rounded_to_two_decimals()
    {
        var config = SearchFixtures.Config() with { Training = new TrainingConfig { LearningRate = 0.001 } };
        var state = SearchRunState.Start(SearchFixtures.Created(config), SearchFixtures.Plan(config));
        SearchFixtures.RunToEnd(state);

        var md = ReportWriter.Build(state, [], new DateTime(2026, 11, 23, 0, 0, 0, DateTimeKind.Utc), ReportImages.None);

        Assert.Contains("lr 0.001)", md);
        Assert.DoesNotContain("lr 0.00)", md);
    }

    [Fact]
    public void The_report_names_the_command_that_exports_the_discovered_loss()
    {
        var config = SearchFixtures.Config();
        var state = SearchRunState.Start(SearchFixtures.Created(config), SearchFixtures.Plan(config));
        SearchFixtures.RunToEnd(state);

        var md = ReportWriter.Build(state, [], new DateTime(2026, 11, 23, 0, 0, 0, DateTimeKind.Utc), ReportImages.None, "runs/r1/best.json");

        Assert.Contains("`evopo objective export --best runs/r1/best.json --out discovered_loss.py`", md);
    }

    [Theory]
    [InlineData(StrategyKind.OpenAiEs, "OpenAI-ES (`es.strategy: openai-es`; population 6,")]
    [InlineData(StrategyKind.Pgpe, "PGPE (`es.strategy: pgpe`; population 6,")]
    [InlineData(StrategyKind.Snes, "SNES (`es.strategy: snes`; population 6,")]
    [InlineData(StrategyKind.SepCmaEs, "sep-CMA-ES (`es.strategy: sep-cma-es`; population 6,")]
    [InlineData(StrategyKind.CmaEs, "CMA-ES (`es.strategy: cma-es`; population 6,")]
    public void The_summary_names_the_strategy_and_its_config_value(StrategyKind strategy, string expected)
    {
        var config = SearchFixtures.Config() with { Es = SearchFixtures.Config().Es with { Strategy = strategy } };
        var state = SearchRunState.Start(SearchFixtures.Created(config), SearchFixtures.Plan(config));

        var md = ReportWriter.Build(state, [], new DateTime(2026, 11, 23, 0, 0, 0, DateTimeKind.Utc), ReportImages.None);

        Assert.Contains($"was searched with {expected}", md);
    }

    private static ReportWriter.MethodResult Method(string name, params double[] values) =>
        new(name, values.Average(), values.Length > 1 ? Math.Sqrt(values.Sum(v => (v - values.Average()) * (v - values.Average())) / (values.Length - 1) / values.Length) : double.NaN, values);

    /// <summary>Seeds move both methods alike: unpaired errors overlap, the paired difference does not (the verdict's rule).</summary>
    [Fact]
    public void The_summary_judges_by_the_paired_interval_as_the_verdict_does()
    {
        var text = ReportWriter.AgainstStrongestBaseline(Method(SearchPlan.DiscoveredMean, 60, 66, 72), [Method("maxpo", 59, 64.5, 71), Method("lpo", 50, 55, 60)]);

        Assert.Contains("It beats every baseline: the strongest, maxpo, by 1.17, paired 95 % interval [", text);
        Assert.DoesNotContain("tie", text);
    }

    [Fact]
    public void A_paired_interval_across_zero_is_a_tie_and_one_below_zero_a_loss()
    {
        var tie = ReportWriter.AgainstStrongestBaseline(Method(SearchPlan.DiscoveredMean, 60, 66, 72), [Method("maxpo", 61, 65, 71.5)]);
        var loss = ReportWriter.AgainstStrongestBaseline(Method(SearchPlan.DiscoveredMean, 60, 66, 72), [Method("maxpo", 62, 68, 74.5)]);

        Assert.Contains("Against the strongest baseline, maxpo, the difference is 0.17, paired 95 % interval [", tie);
        Assert.Contains("which includes zero: treat it as a tie", tie);
        Assert.Contains("It does not beat the strongest baseline, maxpo: the difference is -2.17", loss);
        Assert.Contains("below zero", loss);
    }

    [Fact]
    public void One_seed_compares_means_and_says_there_is_no_interval()
    {
        var text = ReportWriter.AgainstStrongestBaseline(Method(SearchPlan.DiscoveredMean, 66), [Method("maxpo", 64)]);

        Assert.Equal("Its mean is above every baseline's; the strongest, maxpo, by 2.00 (no interval from one seed).", text);
    }
}
