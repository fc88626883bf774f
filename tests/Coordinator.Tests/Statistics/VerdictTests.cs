using EvoPo.Coordinator.Statistics;

namespace EvoPo.Coordinator.Tests.Statistics;

public sealed class VerdictTests
{
    private static readonly HashSet<string> Baselines = ["sft", "dpo"];

    [Fact]
    public void The_discovered_objective_is_compared_with_the_baseline_of_highest_mean()
    {
        var methods = new Dictionary<string, double[]>
        {
            ["discovered"] = [5, 6, 7],
            ["sft"] = [4, 5, 6],
            ["dpo"] = [1, 2, 3],
        };
        var verdict = Verdict.Of("discovered", methods, Baselines)!;
        Assert.Equal("sft", verdict.BestBaseline);
        Assert.Equal(1.0, verdict.Difference.Mean, 12);
        Assert.True(verdict.Beats);
    }

    [Fact]
    public void A_difference_whose_interval_includes_zero_is_no_win()
    {
        var methods = new Dictionary<string, double[]>
        {
            ["discovered"] = [5, 4, 7],
            ["sft"] = [4, 5, 6],
        };
        var verdict = Verdict.Of("discovered", methods, Baselines)!;
        Assert.False(verdict.Beats);
    }

    [Fact]
    public void Non_baseline_methods_are_never_the_strongest_baseline()
    {
        var methods = new Dictionary<string, double[]>
        {
            ["discovered"] = [5, 6, 7],
            ["search start"] = [50, 60, 70],
            ["dpo"] = [1, 2, 3],
        };
        Assert.Equal("dpo", Verdict.Of("discovered", methods, Baselines)!.BestBaseline);
    }

    [Fact]
    public void No_verdict_without_the_discovered_objective_or_a_finite_baseline()
    {
        Assert.Null(Verdict.Of("discovered", new Dictionary<string, double[]> { ["sft"] = [1, 2] }, Baselines));
        Assert.Null(Verdict.Of("discovered", new Dictionary<string, double[]> { ["discovered"] = [1, 2], ["sft"] = [double.NaN, 2] }, Baselines));
    }
}
