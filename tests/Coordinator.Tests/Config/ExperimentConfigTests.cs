using EvoPo.Coordinator.Config;

namespace EvoPo.Coordinator.Tests.Config;

public sealed class ExperimentConfigTests
{
    private static SearchConfig Parse(string yaml) => SearchConfigLoader.Parse(yaml, "test.yaml");

    private static ConfigException Refused(string yaml) => Assert.Throws<ConfigException>(() => Parse(yaml));

    [Fact]
    public void Grids_splits_and_extras_round_trip_through_yaml()
    {
        var config = Parse("""
            report:
              baselines: [dpo, cpo]
              split: held-out
              episodes: 64
              grid: { dpo: { beta: [0.01, 0.1, 1] }, cpo: { beta: [0.1, 1], lambda: [1, 10, 100] } }
              extra: { "discovered (searched on mixed)": [0.5, -0.25] }
            baselines:
              methods: [sft, dpo]
              grid: { dpo: { beta: [0.1, 1] } }
              validationSeeds: 2
              heldOutEpisodes: 100
            experiment:
              searches: [noisy-0.1, base]
            """);
        Assert.Equal(ReportSplit.HeldOut, config.Report.Split);
        Assert.Equal(6, config.Report.Objectives(BaselineName.Cpo).Count);
        Assert.Equal([0.5, -0.25], config.Report.Extra["discovered (searched on mixed)"]);
        Assert.Equal(["noisy-0.1", "base"], config.Experiment.Searches);
        var yaml = SearchConfigLoader.ToYaml(config);
        var back = Parse(yaml);
        Assert.Equal(config, back);
        Assert.Equal(yaml, SearchConfigLoader.ToYaml(back));
    }

    [Fact]
    public void A_grid_point_the_objective_refuses_is_refused_with_its_key()
    {
        var ex = Refused("report:\n  baselines: [dpo]\n  grid: { dpo: { betta: [0.1, 1] } }\n");
        Assert.Equal("report.grid.dpo", ex.KeyPath);
        Assert.Contains("betta=0.1", ex.Message);
        var negative = Refused("report:\n  baselines: [dpo]\n  grid: { dpo: { beta: [0.1, -1] } }\n");
        Assert.Equal("report.grid.dpo", negative.KeyPath);
        Assert.Contains("beta=-1", negative.Message);
    }

    [Fact]
    public void A_grid_of_a_hyperparameter_the_method_lacks_is_refused()
    {
        var ex = Refused("baselines:\n  methods: [sft]\n  grid: { sft: { gamma: [1, 2] } }\n");
        Assert.Equal("baselines.grid.sft", ex.KeyPath);
    }

    [Fact]
    public void A_grid_for_an_unlisted_method_is_refused()
    {
        Assert.Equal("baselines.grid.dpo", Refused("baselines:\n  methods: [sft]\n  grid: { dpo: { beta: [1] } }\n").KeyPath);
        Assert.Equal("report.grid.dpo", Refused("report:\n  baselines: [sft]\n  grid: { dpo: { beta: [1] } }\n").KeyPath);
    }

    [Fact]
    public void A_search_on_a_column_the_baselines_do_not_have_is_refused_with_the_columns()
    {
        var ex = Refused("baselines:\n  variants: [base, noisy]\n  noise: [0.2]\nexperiment:\n  searches: [mixed]\n");
        Assert.Equal("experiment.searches[0]", ex.KeyPath);
        Assert.Contains("base, noisy-0.2", ex.Message);
    }

    [Fact]
    public void Non_finite_extra_vectors_and_duplicate_grid_values_are_refused()
    {
        Assert.Equal("report.extra.x", Refused("report:\n  extra: { x: [.nan] }\n").KeyPath);
        Assert.Equal("report.grid.dpo.beta", Refused("report:\n  baselines: [dpo]\n  grid: { dpo: { beta: [1, 1] } }\n").KeyPath);
    }
}
