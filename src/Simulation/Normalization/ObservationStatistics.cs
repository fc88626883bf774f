namespace EvoPo.Simulation.Normalization;

/// <summary>
/// Running count, mean and sum of squared deviations (M2) of observation vectors: Welford's update for one vector,
/// Chan et al.'s formula to merge two accumulators. Both are plain double arithmetic in a fixed order, so the same
/// observations added and merged in the same order give the same statistics bit for bit on any machine.
/// </summary>
public sealed class ObservationStatistics
{
    private readonly double[] _mean;
    private readonly double[] _m2;

    public ObservationStatistics(int dimension)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(dimension);
        _mean = new double[dimension];
        _m2 = new double[dimension];
    }

    /// <summary>Statistics as stored (a journal event, a work result); throws <see cref="ArgumentException"/> naming what is inconsistent.</summary>
    public ObservationStatistics(long count, ReadOnlySpan<double> mean, ReadOnlySpan<double> m2)
    {
        if (count < 0) throw new ArgumentOutOfRangeException(nameof(count), count, "observation count must be ≥ 0");
        if (mean.Length == 0 || mean.Length != m2.Length)
            throw new ArgumentException($"observation statistics need mean and M2 of one positive length, got {mean.Length} and {m2.Length}");
        Count = count;
        _mean = mean.ToArray();
        _m2 = m2.ToArray();
    }

    public int Dimension => _mean.Length;

    public long Count { get; private set; }

    public ReadOnlySpan<double> Mean => _mean;

    public ReadOnlySpan<double> M2 => _m2;

    /// <summary>Welford's update with one observation.</summary>
    public void Add(ReadOnlySpan<float> observation)
    {
        if (observation.Length != Dimension)
            throw new ArgumentException($"observation has {observation.Length} values, the statistics {Dimension}", nameof(observation));
        Count++;
        for (var d = 0; d < _mean.Length; d++)
        {
            var delta = observation[d] - _mean[d];
            _mean[d] += delta / Count;
            _m2[d] += delta * (observation[d] - _mean[d]);
        }
    }

    /// <summary>Adds <paramref name="other"/>'s observations (Chan et al.); the result depends on the order of merges.</summary>
    public void Merge(ObservationStatistics other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (other.Dimension != Dimension)
            throw new ArgumentException($"cannot merge statistics of {other.Dimension} dimensions into {Dimension}", nameof(other));
        if (other.Count == 0) return;
        if (Count == 0)
        {
            Count = other.Count;
            other._mean.CopyTo(_mean, 0);
            other._m2.CopyTo(_m2, 0);
            return;
        }
        double na = Count, nb = other.Count, n = na + nb;
        for (var d = 0; d < _mean.Length; d++)
        {
            var delta = other._mean[d] - _mean[d];
            _mean[d] += delta * nb / n;
            _m2[d] += other._m2[d] + delta * delta * na * nb / n;
        }
        Count += other.Count;
    }

    /// <summary>
    /// The normalizer these statistics freeze: their mean and standard deviation (population variance M2 / count,
    /// floored at <see cref="ObservationNormalizer.MinStd"/>); with no observations yet, the identity (mean 0, std 1).
    /// </summary>
    public ObservationNormalizer ToNormalizer()
    {
        var mean = new float[Dimension];
        var std = new float[Dimension];
        for (var d = 0; d < Dimension; d++)
        {
            mean[d] = Count == 0 ? 0 : (float)_mean[d];
            std[d] = Count == 0 ? 1 : (float)Math.Max(Math.Sqrt(_m2[d] / Count), ObservationNormalizer.MinStd);
        }
        return new ObservationNormalizer(mean, std);
    }
}
