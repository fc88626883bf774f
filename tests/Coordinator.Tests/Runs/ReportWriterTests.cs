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
}
