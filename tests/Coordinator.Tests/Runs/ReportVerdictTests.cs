using EvoPo.Coordinator.Config;
using EvoPo.Coordinator.Runs;
using EvoPo.Coordinator.Search;
using EvoPo.Coordinator.Tests.Search;

namespace EvoPo.Coordinator.Tests.Runs;

public sealed class ReportVerdictTests
{
    private static SearchRunState FinishedRun(ReportSplit split)
    {
        var config = (SearchFixtures.Config() with
        {
            Report = new ReportConfig { Baselines = [BaselineName.Sft, BaselineName.Orpo], Seeds = 3, Split = split, Episodes = 64 },
        }).Validate();
        var state = SearchRunState.Start(SearchFixtures.Created(config), SearchFixtures.Plan(config));
        SearchFixtures.RunToEnd(state);
        return state;
    }

    [Fact]
    public void A_held_out_report_says_so_and_gives_intervals_and_the_paired_verdict()
    {
        var state = FinishedRun(ReportSplit.HeldOut);
        var section = ReportVerdict.Section(state, ReportWriter.Methods(state))!;
        Assert.Contains("Held out: 3 training seeds and 64 evaluation episodes", section);
        Assert.Contains("| discovered (ES mean) |", section);
        Assert.Contains("strongest baseline", section);
    }

    [Fact]
    public void A_report_on_the_searchs_own_episodes_warns_that_it_is_not_held_out()
    {
        var state = FinishedRun(ReportSplit.Search);
        Assert.Contains("Not held out", ReportVerdict.Section(state, ReportWriter.Methods(state)));
    }
}
