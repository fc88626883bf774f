namespace EvoPo.Coordinator.Statistics;

/// <summary>
/// A discovered objective against the strongest baseline of the same report: the paired difference per training seed
/// (both trained with seed s and evaluated on the same episodes) with its 95 % interval. The strongest baseline is the
/// one with the highest mean on these very seeds, which favours the baseline: a win must survive that choice.
/// </summary>
public sealed record Verdict(string Discovered, MeanInterval DiscoveredReturn, string BestBaseline, MeanInterval BaselineReturn, MeanInterval Difference)
{
    public bool Beats => Difference.AboveZero;

    /// <param name="methods">Per method label, its per-seed returns in seed order.</param>
    /// <param name="baselines">Which labels are hand-designed baselines.</param>
    public static Verdict? Of(string discovered, IReadOnlyDictionary<string, double[]> methods, IReadOnlyCollection<string> baselines)
    {
        if (!methods.TryGetValue(discovered, out var mine)) return null;
        var best = methods.Where(m => baselines.Contains(m.Key) && m.Value.Length == mine.Length)
            .Select(m => (m.Key, Values: m.Value, Interval: MeanInterval.Of(m.Value)))
            .Where(m => double.IsFinite(m.Interval.Mean))
            .OrderByDescending(m => m.Interval.Mean)
            .FirstOrDefault();
        if (best.Key is null) return null;
        return new Verdict(discovered, MeanInterval.Of(mine), best.Key, best.Interval, MeanInterval.PairedDifference(mine, best.Values));
    }
}
