namespace EvoPo.Coordinator.Es;

/// <summary>
/// Fitness shaping (math.md §4). A candidate whose fitness is NaN or ±∞ has failed: it must never look
/// better than a real result, so every shaping puts it below the worst finite value.
/// </summary>
public static class FitnessShaping
{
    public static double[] Shape(FitnessShapingKind kind, ReadOnlySpan<double> fitness) => kind switch
    {
        FitnessShapingKind.CenteredRanks => CenteredRanks(fitness),
        FitnessShapingKind.ZScore => ZScore(fitness),
        FitnessShapingKind.Raw => Raw(fitness),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown fitness shaping."),
    };

    /// <summary>
    /// rank / (n − 1) − 0.5, so values span [−0.5, 0.5] and sum to zero. Ties share their average rank, so
    /// an antithetic pair with equal fitness contributes nothing. Failed candidates tie with each other
    /// below every finite value.
    /// </summary>
    public static double[] CenteredRanks(ReadOnlySpan<double> fitness)
    {
        var n = fitness.Length;
        var shaped = new double[n];
        if (n < 2) return shaped;

        var order = new int[n];
        for (var i = 0; i < n; i++) order[i] = i;
        var keys = fitness.ToArray();
        // Index as the last key makes the order total, so the unstable sort cannot depend on input layout.
        Array.Sort(order, (a, b) =>
        {
            var c = CompareWithFailedLowest(keys[a], keys[b]);
            return c != 0 ? c : a.CompareTo(b);
        });

        var start = 0;
        while (start < n)
        {
            var end = start + 1;
            while (end < n && CompareWithFailedLowest(keys[order[start]], keys[order[end]]) == 0) end++;
            var averageRank = (start + end - 1) / 2.0;
            var value = averageRank / (n - 1) - 0.5;
            for (var k = start; k < end; k++) shaped[order[k]] = value;
            start = end;
        }
        return shaped;
    }

    /// <summary>
    /// (f − mean) / std over the finite values (population std). A failed candidate scores one unit below the
    /// worst finite z-score. With zero spread all finite values score 0 (and failed ones −1); with no finite
    /// value at all everything is 0, so the generation moves the mean only through Adam's momentum.
    /// </summary>
    public static double[] ZScore(ReadOnlySpan<double> fitness)
    {
        var shaped = new double[fitness.Length];
        var (count, mean, std, min) = FiniteMoments(fitness);
        if (count == 0) return shaped;
        var worst = std > 0 ? (min - mean) / std : 0.0;
        for (var i = 0; i < fitness.Length; i++)
            shaped[i] = double.IsFinite(fitness[i]) ? (std > 0 ? (fitness[i] - mean) / std : 0.0) : worst - 1.0;
        return shaped;
    }

    /// <summary>
    /// Fitness unchanged; a failed candidate gets the worst finite value minus one std of the finite values
    /// (minus 1 when they have no spread). With no finite value at all everything is 0.
    /// </summary>
    public static double[] Raw(ReadOnlySpan<double> fitness)
    {
        var shaped = new double[fitness.Length];
        var (count, _, std, min) = FiniteMoments(fitness);
        if (count == 0) return shaped;
        var failedValue = min - (std > 0 ? std : 1.0);
        for (var i = 0; i < fitness.Length; i++)
            shaped[i] = double.IsFinite(fitness[i]) ? fitness[i] : failedValue;
        return shaped;
    }

    /// <summary>
    /// Candidate indices from best to worst: failed candidates last, ties in index order, so the order is fixed by the
    /// inputs alone. The rank-based strategies (SNES, CMA-ES) weight candidates by their place in it.
    /// </summary>
    public static int[] BestFirst(ReadOnlySpan<double> fitness)
    {
        var order = new int[fitness.Length];
        for (var i = 0; i < order.Length; i++) order[i] = i;
        var keys = fitness.ToArray();
        Array.Sort(order, (a, b) =>
        {
            var c = CompareWithFailedLowest(keys[b], keys[a]);
            return c != 0 ? c : a.CompareTo(b);
        });
        return order;
    }

    /// <summary>
    /// NES utilities (Wierstra et al. 2014, as SNES uses them): the candidate at place k (0 = best) of λ gets
    /// max(0, ln(λ/2 + 1) − ln(k + 1)), normalized to sum 1, minus 1/λ; so they sum to zero and only the better half
    /// pulls. Places come from <see cref="BestFirst"/>.
    /// </summary>
    public static double[] NesUtilities(ReadOnlySpan<double> fitness)
    {
        var n = fitness.Length;
        var raw = new double[n];
        var sum = 0.0;
        for (var k = 0; k < n; k++)
        {
            raw[k] = Math.Max(0.0, Math.Log(n / 2.0 + 1) - Math.Log(k + 1));
            sum += raw[k];
        }
        var utilities = new double[n];
        var order = BestFirst(fitness);
        for (var k = 0; k < n; k++) utilities[order[k]] = raw[k] / sum - 1.0 / n;
        return utilities;
    }

    private static int CompareWithFailedLowest(double a, double b)
    {
        var fa = double.IsFinite(a);
        var fb = double.IsFinite(b);
        if (!fa || !fb) return fa.CompareTo(fb);
        return a.CompareTo(b);
    }

    internal static (int Count, double Mean, double Std, double Min) FiniteMoments(ReadOnlySpan<double> fitness)
    {
        var count = 0;
        var sum = 0.0;
        var min = double.PositiveInfinity;
        foreach (var f in fitness)
        {
            if (!double.IsFinite(f)) continue;
            count++;
            sum += f;
            if (f < min) min = f;
        }
        if (count == 0) return (0, double.NaN, double.NaN, double.NaN);
        var mean = sum / count;
        var squares = 0.0;
        foreach (var f in fitness)
            if (double.IsFinite(f)) squares += (f - mean) * (f - mean);
        return (count, mean, Math.Sqrt(squares / count), min);
    }
}
