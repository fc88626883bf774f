using EvoPo.Coordinator.Config;
using EvoPo.Coordinator.Search;

namespace EvoPo.Coordinator.Experiments;

/// <summary>
/// Each method's hyperparameters chosen on the validation sweep (pure): the grid point with the highest mean return
/// over its validation seeds. A point with a diverged seed (NaN) counts as diverged; ties go to the earlier point in
/// grid order, so the choice is deterministic.
/// </summary>
public static class TunedChoice
{
    public sealed record Point(string Label, IReadOnlyDictionary<string, double> Hyperparameters, double ValidationMean);

    public static IReadOnlyDictionary<BaselineName, Point> From(IReadOnlyList<ReportResult> sweep, IReadOnlyList<BaselineName> methods)
    {
        var chosen = new Dictionary<BaselineName, Point>();
        foreach (var method in methods)
        {
            var name = YamlNames.Of(method);
            var points = sweep.Where(r => r.Entry.Objective.Name == name && r.Entry.Objective.Parameters is null)
                .GroupBy(r => r.Entry.Method)
                .Select(g => new Point(g.Key, g.First().Entry.Objective.Hyperparameters, g.Select(r => r.Fitness).Average()))
                .ToArray();
            if (points.Length == 0) throw new InvalidOperationException($"the validation sweep holds no result for {name}");
            var best = points[0];
            foreach (var p in points.Skip(1))
                if (Better(p.ValidationMean, best.ValidationMean)) best = p;
            chosen[method] = best;
        }
        return chosen;
    }

    private static bool Better(double a, double b) => double.IsFinite(a) && (!double.IsFinite(b) || a > b);
}
