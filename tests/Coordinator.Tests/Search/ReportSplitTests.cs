using EvoPo.Coordinator.Config;
using EvoPo.Coordinator.Search;

namespace EvoPo.Coordinator.Tests.Search;

public sealed class ReportSplitTests
{
    private static SearchPlan PlanWith(ReportConfig report, int generations = 2) =>
        SearchFixtures.Plan((SearchFixtures.Config(generations: generations) with { Report = report }).Validate());

    [Fact]
    public void The_search_split_keeps_the_searchs_episodes_and_report_seeds()
    {
        var plan = PlanWith(new ReportConfig { Baselines = [BaselineName.Sft] });
        Assert.Same(plan.Training, plan.ReportTraining);
        Assert.Equal(Simulation.Random.CounterRng.Create(42, SearchPlan.ReportStream, 0).UInt64At(0), plan.ReportSeed(0));
    }

    [Fact]
    public void Held_out_seeds_and_episodes_are_none_of_the_search_or_validation_ones()
    {
        var heldOut = PlanWith(new ReportConfig { Baselines = [BaselineName.Sft], Split = ReportSplit.HeldOut, Seeds = 10, Episodes = 64 });
        var validation = PlanWith(new ReportConfig { Baselines = [BaselineName.Sft], Split = ReportSplit.Validation, Seeds = 10, Episodes = 32 });
        var search = PlanWith(new ReportConfig { Baselines = [BaselineName.Sft], Seeds = 10 });

        Assert.Equal(64, heldOut.ReportTraining.EvaluationEpisodes);
        Assert.Equal(32, validation.ReportTraining.EvaluationEpisodes);
        var evaluationSeeds = new[] { search.Training.EvaluationSeed, validation.ReportTraining.EvaluationSeed, heldOut.ReportTraining.EvaluationSeed };
        Assert.Equal(3, evaluationSeeds.Distinct().Count());

        var generationSeeds = Enumerable.Range(0, 100).Select(g => search.GenerationTrainingSeed(g));
        var heldOutSeeds = Enumerable.Range(0, 10).Select(heldOut.ReportSeed).ToArray();
        var validationSeeds = Enumerable.Range(0, 10).Select(validation.ReportSeed).ToArray();
        Assert.Empty(heldOutSeeds.Intersect(generationSeeds.Concat(validationSeeds)));
        Assert.Equal(10, heldOutSeeds.Distinct().Count());
        // Every report unit carries the split's plan, so workers evaluate on its episodes.
        var entries = heldOut.ReportEntries(new double[heldOut.Dimension], null, new double[heldOut.Dimension]);
        Assert.All(Enumerable.Range(0, heldOut.UnitCount(entries.Count)), u => Assert.Equal(heldOut.ReportTraining, heldOut.ReportUnit(u, entries).Plan));
    }

    [Fact]
    public void A_grid_trains_one_method_per_point_labelled_with_its_hyperparameters()
    {
        var plan = PlanWith(new ReportConfig
        {
            Baselines = [BaselineName.Dpo, BaselineName.Sft],
            Hyperparameters = new Dictionary<BaselineName, IReadOnlyDictionary<string, double>> { [BaselineName.Dpo] = new Dictionary<string, double> { ["beta"] = 0.5 } },
            Grid = new Dictionary<BaselineName, IReadOnlyDictionary<string, IReadOnlyList<double>>>
            {
                [BaselineName.Dpo] = new Dictionary<string, IReadOnlyList<double>> { ["beta"] = [0.01, 1.0] },
            },
            Seeds = 1,
        }, generations: 0);
        var entries = plan.ReportEntries(new double[plan.Dimension], null, new double[plan.Dimension]);
        Assert.Equal(["dpo (beta=0.01)", "dpo (beta=1)", "sft"], entries.Select(e => e.Method));
        Assert.Equal([0.01, 1.0], entries.Take(2).Select(e => e.Objective.Hyperparameters["beta"]));
    }

    [Fact]
    public void A_run_of_zero_generations_trains_its_baselines_and_extras_but_no_search_result()
    {
        var plan = PlanWith(new ReportConfig
        {
            Baselines = [BaselineName.Sft],
            Extra = new Dictionary<string, IReadOnlyList<double>> { ["found elsewhere"] = Enumerable.Repeat(0.25, 379).ToArray() },
            Seeds = 2,
        }, generations: 0);
        var entries = plan.ReportEntries(new double[plan.Dimension], null, new double[plan.Dimension]);
        Assert.Equal(["found elsewhere", "found elsewhere", "sft", "sft"], entries.Select(e => e.Method));
        Assert.Equal(0.25, entries[0].Objective.Parameters![0]);
        Assert.Equal(plan.SearchedObjective, entries[0].Objective.Name);
    }

    [Fact]
    public void A_zero_generation_run_goes_straight_to_its_report_and_finishes()
    {
        var config = (SearchFixtures.Config(generations: 0) with { Report = new ReportConfig { Baselines = [BaselineName.Sft], Seeds = 3 } }).Validate();
        var state = SearchRunState.Start(SearchFixtures.Created(config), SearchFixtures.Plan(config));
        Assert.Equal(RunPhase.Reporting, state.Phase);
        SearchFixtures.RunToEnd(state);
        Assert.Equal(RunPhase.Finished, state.Phase);
        Assert.Equal(3, state.ReportResults().Count);
    }
}
