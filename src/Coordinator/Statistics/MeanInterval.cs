using MathNet.Numerics.Distributions;

namespace EvoPo.Coordinator.Statistics;

/// <summary>
/// A sample mean with its standard error and two-sided 95 % Student-t confidence interval. With one value (or none
/// finite) the interval is unknown (NaN), never a made-up zero width.
/// </summary>
public sealed record MeanInterval(double Mean, double StdError, double HalfWidth, int Count)
{
    public double Low => Mean - HalfWidth;

    public double High => Mean + HalfWidth;

    /// <summary>A diverged agent (NaN fitness) makes the whole sample's mean NaN: it is reported, not dropped.</summary>
    public static MeanInterval Of(IReadOnlyList<double> values)
    {
        var n = values.Count;
        if (n == 0) return new MeanInterval(double.NaN, double.NaN, double.NaN, 0);
        var mean = values.Average();
        if (n == 1) return new MeanInterval(mean, double.NaN, double.NaN, 1);
        var variance = values.Sum(v => (v - mean) * (v - mean)) / (n - 1);
        var se = Math.Sqrt(variance / n);
        var t = double.IsFinite(se) ? StudentT.InvCDF(0, 1, n - 1, 0.975) : double.NaN;
        return new MeanInterval(mean, se, t * se, n);
    }

    /// <summary>
    /// The paired difference a − b over seeds (same training seed and evaluation episodes on both sides), the
    /// comparison that cancels what the seeds share.
    /// </summary>
    public static MeanInterval PairedDifference(IReadOnlyList<double> a, IReadOnlyList<double> b)
    {
        if (a.Count != b.Count) throw new ArgumentException($"a paired difference needs samples of one size, got {a.Count} and {b.Count}");
        return Of(a.Zip(b, (x, y) => x - y).ToArray());
    }

    /// <summary>True when the whole 95 % interval lies above zero.</summary>
    public bool AboveZero => HalfWidth >= 0 && Low > 0;
}
