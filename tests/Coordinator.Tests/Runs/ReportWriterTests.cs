using EvoPo.Coordinator.Config;
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
}
