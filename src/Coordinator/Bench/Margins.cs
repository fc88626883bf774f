using EvoPo.GpuWorker.Analysis;

namespace EvoPo.Coordinator.Bench;

/// <summary>
/// What the MPO networks of one policy meet on a dataset (math.md §1, §3): per-step log p = ℓ̄ − ℓ_max of every
/// trajectory (chosen and rejected pooled), the φ⁻¹ margin at the zero network logit p_w − logit p_l, and the 1S
/// sigmoid's argument β·margin; each summarized by <see cref="Quantiles"/>.
/// </summary>
public sealed record Margins(PairValues Pairs, double[] LogP, double[] Margin, double[] SigmoidArgument)
{
    /// <summary>The quantiles <see cref="Quantiles"/> reports, in percent.</summary>
    public static readonly int[] Percentiles = [5, 25, 50, 75, 95];

    public static Margins Of((double[] Chosen, double[] Rejected, double[] ChosenLength, double[] RejectedLength) sums, double logProbMax, double marginScale)
    {
        var pairs = new PairValues(sums.Chosen, sums.Rejected, sums.ChosenLength, sums.RejectedLength);
        var logPw = sums.Chosen.Select((l, i) => l / sums.ChosenLength[i] - logProbMax).ToArray();
        var logPl = sums.Rejected.Select((l, i) => l / sums.RejectedLength[i] - logProbMax).ToArray();
        var margin = logPw.Zip(logPl, (w, l) => Logit(w) - Logit(l)).ToArray();
        return new Margins(pairs, [.. logPw, .. logPl], margin, margin.Select(m => marginScale * m).ToArray());
    }

    /// <summary>The <see cref="Percentiles"/> of <paramref name="values"/> (linear interpolation between order statistics).</summary>
    public static double[] Quantiles(IReadOnlyList<double> values)
    {
        var sorted = values.Order().ToArray();
        return Percentiles.Select(p =>
        {
            var position = p / 100.0 * (sorted.Length - 1);
            var low = (int)Math.Floor(position);
            var high = Math.Min(low + 1, sorted.Length - 1);
            return sorted[low] + (position - low) * (sorted[high] - sorted[low]);
        }).ToArray();
    }

    /// <summary>logit p from log p &lt; 0, as ProbabilityDomain computes it (log(1 − p) = log(−expm1(log p))).</summary>
    private static double Logit(double logP)
    {
        var capped = Math.Min(logP, -1e-6);
        return capped - Math.Log(-double.ExpM1(capped));
    }
}
