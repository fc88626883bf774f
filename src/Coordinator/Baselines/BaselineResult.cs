namespace EvoPo.Coordinator.Baselines;

/// <summary>
/// The fitness (mean true return; NaN where training failed) of one method on one column, one value per training seed,
/// with the mean and standard error over the finite ones.
/// </summary>
public sealed record BaselineResult(string Method, BaselineColumn Column, IReadOnlyList<double> PerSeed)
{
    public int Failed => PerSeed.Count(v => !double.IsFinite(v));

    public double Mean => Finite.Length > 0 ? Finite.Average() : double.NaN;

    /// <summary>Sample standard deviation / √n; NaN with fewer than two finite values.</summary>
    public double StandardError
    {
        get
        {
            var values = Finite;
            if (values.Length < 2) return double.NaN;
            var mean = values.Average();
            return Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Length - 1) / values.Length);
        }
    }

    private double[] Finite => PerSeed.Where(double.IsFinite).ToArray();
}
