using EvoPo.Simulation.Normalization;
using EvoPo.Simulation.Random;

namespace EvoPo.Simulation.Tests.Normalization;

public sealed class ObservationStatisticsTests
{
    private static float[][] Rows(ulong seed, int count, int dimension)
    {
        var rng = CounterRng.Create(seed).Stream();
        return Enumerable.Range(0, count).Select(_ => Enumerable.Range(0, dimension).Select(d => (float)(3 * d + (d + 1) * rng.NextGaussian())).ToArray()).ToArray();
    }

    [Fact]
    public void Welford_gives_the_mean_and_population_variance_of_the_rows()
    {
        var rows = Rows(1, 200, 3);
        var stats = new ObservationStatistics(3);
        foreach (var row in rows) stats.Add(row);
        Assert.Equal(200, stats.Count);
        for (var d = 0; d < 3; d++)
        {
            var mean = rows.Average(r => (double)r[d]);
            var variance = rows.Average(r => (r[d] - mean) * (r[d] - mean));
            Assert.Equal(mean, stats.Mean[d], 10);
            Assert.Equal(variance, stats.M2[d] / stats.Count, 9);
        }
    }

    [Fact]
    public void Merging_parts_equals_adding_every_row_up_to_rounding_and_is_the_same_bit_for_bit_in_the_same_order()
    {
        var rows = Rows(2, 90, 2);
        var all = new ObservationStatistics(2);
        foreach (var row in rows) all.Add(row);
        ObservationStatistics Merged()
        {
            var merged = new ObservationStatistics(2);
            foreach (var part in rows.Chunk(30))
            {
                var stats = new ObservationStatistics(2);
                foreach (var row in part) stats.Add(row);
                merged.Merge(stats);
            }
            return merged;
        }
        var (a, b) = (Merged(), Merged());
        Assert.Equal(all.Count, a.Count);
        for (var d = 0; d < 2; d++)
        {
            Assert.Equal(all.Mean[d], a.Mean[d], 10);
            Assert.Equal(all.M2[d], a.M2[d], 6);
        }
        Assert.Equal(a.Mean.ToArray(), b.Mean.ToArray());
        Assert.Equal(a.M2.ToArray(), b.M2.ToArray());
    }

    [Fact]
    public void No_observations_freeze_to_the_identity_and_a_constant_dimension_to_the_std_floor()
    {
        var identity = new ObservationStatistics(2).ToNormalizer();
        Assert.Equal([0f, 0f], identity.Mean.ToArray());
        Assert.Equal([1f, 1f], identity.Std.ToArray());
        var stats = new ObservationStatistics(1);
        stats.Add([4f]);
        stats.Add([4f]);
        Assert.Equal(4f, stats.ToNormalizer().Mean[0]);
        Assert.Equal((float)ObservationNormalizer.MinStd, stats.ToNormalizer().Std[0]);
    }

    [Fact]
    public void Statistics_of_another_dimension_are_refused_by_name()
    {
        var e = Assert.Throws<ArgumentException>(() => new ObservationStatistics(2).Merge(new ObservationStatistics(3)));
        Assert.Contains("3 dimensions into 2", e.Message);
        Assert.Contains("mean and M2", Assert.Throws<ArgumentException>(() => new ObservationStatistics(1, [0.0, 1.0], [0.0])).Message);
    }
}
