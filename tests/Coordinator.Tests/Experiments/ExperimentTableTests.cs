using EvoPo.Coordinator.Baselines;
using EvoPo.Coordinator.Config;
using EvoPo.Coordinator.Experiments;

namespace EvoPo.Coordinator.Tests.Experiments;

public sealed class ExperimentTableTests
{
    private static readonly ExperimentPlan Plan = new("t", SearchConfigLoader.Parse("""
        baselines: { variants: [base, mixed], methods: [sft, dpo], seeds: 3 }
        experiment: { searches: [mixed] }
        """, "test.yaml"));

    private static readonly ExperimentCell[] Cells =
    [
        new("sft", true, "base", [10, 11, 12]),
        new("dpo", true, "base", [5, 6, 7]),
        new("sft", true, "mixed", [4, 5, 6]),
        new("dpo", true, "mixed", [1, 2, 3]),
        new("discovered (searched on mixed)", false, "mixed", [6, 7, 8]),
    ];

    private static readonly Dictionary<BaselineColumn, IReadOnlyDictionary<BaselineName, TunedChoice.Point>> Tuned = new()
    {
        [Plan.Columns[0]] = new Dictionary<BaselineName, TunedChoice.Point> { [BaselineName.Dpo] = new("dpo (beta=1)", new Dictionary<string, double> { ["beta"] = 1 }, 6.5) },
    };

    [Fact]
    public void Rows_are_methods_columns_are_datasets_and_each_columns_best_is_bold()
    {
        var md = ExperimentTable.Markdown(Plan, Cells, Tuned, [("target agent", 74.5)]);
        Assert.Contains("| method | base | mixed |", md);
        Assert.Contains("| sft | **11.00 ± 2.48** | 5.00 ± 2.48 |", md);
        Assert.Contains("| discovered (searched on mixed) | — | **7.00 ± 2.48** |", md);
        Assert.Contains("| dpo | dpo (beta=1): 6.50 | — |", md);
        Assert.Contains("Reference agents on the same held-out episodes (not trained here): target agent 74.50.", md);
    }

    [Fact]
    public void The_verdict_of_a_searched_column_is_the_paired_difference_to_its_strongest_baseline()
    {
        var md = ExperimentTable.Markdown(Plan, Cells, Tuned, [("target agent", 74.5)]);
        Assert.Contains("**mixed** (the search's own setting): Discovered objective − strongest baseline (sft)", md);
        Assert.Contains("2.00, 95 % interval [2.00, 2.00]", md);
        Assert.Contains("beats every baseline here", md);
    }

    [Fact]
    public void The_csv_holds_every_seeds_value()
    {
        var csv = ExperimentTable.Csv(Cells).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(1 + 15, csv.Length);
        Assert.Equal("mixed,\"discovered (searched on mixed)\",0,2,8", csv[^1]);
    }
}
