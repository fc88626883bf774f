using EvoPo.Coordinator.Config;
using EvoPo.Coordinator.Experiments;
using EvoPo.Coordinator.Search;
using EvoPo.Messages.Work;

namespace EvoPo.Coordinator.Tests.Experiments;

public sealed class TunedChoiceTests
{
    private static IEnumerable<ReportResult> Point(string name, double beta, params double[] fitness) =>
        fitness.Select((f, s) => new ReportResult(
            new ReportEntry($"{name} (beta={beta})", s, new CandidateObjective(name, new Dictionary<string, double> { ["beta"] = beta }, null), (ulong)s), f));

    [Fact]
    public void Each_method_takes_the_grid_point_with_the_highest_validation_mean()
    {
        var sweep = Point("dpo", 0.01, 1, 2).Concat(Point("dpo", 0.1, 5, 6)).Concat(Point("dpo", 1, 3, 4)).ToArray();
        var chosen = TunedChoice.From(sweep, [BaselineName.Dpo])[BaselineName.Dpo];
        Assert.Equal(0.1, chosen.Hyperparameters["beta"]);
        Assert.Equal(5.5, chosen.ValidationMean);
    }

    [Fact]
    public void A_point_with_a_diverged_seed_loses_to_any_finite_point()
    {
        var sweep = Point("dpo", 0.01, 100, double.NaN).Concat(Point("dpo", 0.1, -5, -6)).ToArray();
        Assert.Equal(0.1, TunedChoice.From(sweep, [BaselineName.Dpo])[BaselineName.Dpo].Hyperparameters["beta"]);
    }

    [Fact]
    public void Ties_go_to_the_earlier_grid_point()
    {
        var sweep = Point("dpo", 0.5, 2, 2).Concat(Point("dpo", 0.1, 2, 2)).ToArray();
        Assert.Equal(0.5, TunedChoice.From(sweep, [BaselineName.Dpo])[BaselineName.Dpo].Hyperparameters["beta"]);
    }

    [Fact]
    public void A_method_missing_from_the_sweep_is_an_error_not_a_silent_default()
    {
        Assert.Throws<InvalidOperationException>(() => TunedChoice.From(Point("dpo", 0.1, 1).ToArray(), [BaselineName.Sft]));
    }
}
