using EvoPo.Coordinator.Baselines;
using EvoPo.Coordinator.Config;
using EvoPo.Coordinator.Experiments;

namespace EvoPo.Coordinator.Tests.Experiments;

public sealed class ExperimentPlanTests
{
    private static readonly SearchConfig Config = SearchConfigLoader.Parse("""
        baselines:
          variants: [base, noisy]
          noise: [0.1, 0.3]
          methods: [sft, dpo]
          seeds: 10
          grid: { dpo: { beta: [0.1, 1] } }
          validationSeeds: 3
          validationEpisodes: 16
          heldOutEpisodes: 64
        experiment:
          searches: [noisy-0.3]
        """, "test.yaml");

    private static readonly ExperimentPlan Plan = new("t2", Config);

    private static readonly Dictionary<BaselineName, IReadOnlyDictionary<string, double>> Tuned = new()
    {
        [BaselineName.Sft] = new Dictionary<string, double>(),
        [BaselineName.Dpo] = new Dictionary<string, double> { ["beta"] = 1 },
    };

    private static BaselineColumn Column(string key) => Plan.Columns.Single(c => c.Key == key);

    [Fact]
    public void The_sweep_trains_every_grid_point_on_validation_without_searching()
    {
        var sweep = Plan.Sweep(Column("noisy-0.1"));
        Assert.Equal(0, sweep.Es.Generations);
        Assert.Equal(ReportSplit.Validation, sweep.Report.Split);
        Assert.Equal(3, sweep.Report.Seeds);
        Assert.Equal(16, sweep.Report.Episodes);
        Assert.Equal(DatasetVariant.Noisy, sweep.Dataset.Variant);
        Assert.Equal(0.1, sweep.Dataset.Noise);
        Assert.Equal(2, sweep.Report.Objectives(BaselineName.Dpo).Count);
        Assert.Equal("t2-sweep-noisy-0p1", Plan.SweepRunId(Column("noisy-0.1")));
    }

    [Fact]
    public void The_search_report_is_the_held_out_comparison_with_the_tuned_baselines()
    {
        var search = Plan.Search(Column("noisy-0.3"), Tuned);
        Assert.Equal(Config.Es.Generations, search.Es.Generations);
        Assert.Equal(ReportSplit.HeldOut, search.Report.Split);
        Assert.Equal(10, search.Report.Seeds);
        Assert.Equal(64, search.Report.Episodes);
        Assert.Empty(search.Report.Grid);
        Assert.Equal(1, search.Report.Hyperparameters[BaselineName.Dpo]["beta"]);
        Assert.Equal([BaselineName.Sft, BaselineName.Dpo], search.Report.Baselines);
    }

    [Fact]
    public void Held_out_runs_cover_what_no_search_report_did()
    {
        var discovered = new Dictionary<BaselineColumn, double[]> { [Column("noisy-0.3")] = new double[379] };
        // The searched column has its baselines from the search report, and no other search: nothing left to run.
        Assert.Null(Plan.HeldOut(Column("noisy-0.3"), Tuned, discovered));
        var other = Plan.HeldOut(Column("base"), Tuned, discovered)!;
        Assert.Equal(0, other.Es.Generations);
        Assert.Equal([BaselineName.Sft, BaselineName.Dpo], other.Report.Baselines);
        Assert.Equal([ExperimentPlan.DiscoveredLabel(Column("noisy-0.3"))], other.Report.Extra.Keys);
        Assert.Equal(ReportSplit.HeldOut, other.Report.Split);
    }
}
