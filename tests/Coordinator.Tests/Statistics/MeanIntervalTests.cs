using EvoPo.Coordinator.Statistics;

namespace EvoPo.Coordinator.Tests.Statistics;

public sealed class MeanIntervalTests
{
    [Fact]
    public void Ten_values_use_the_student_t_quantile_with_nine_degrees_of_freedom()
    {
        double[] values = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
        var interval = MeanInterval.Of(values);
        var sd = Math.Sqrt(values.Sum(v => (v - 5.5) * (v - 5.5)) / 9);
        Assert.Equal(5.5, interval.Mean, 12);
        Assert.Equal(sd / Math.Sqrt(10), interval.StdError, 12);
        // t(0.975, 9) = 2.262157 (any statistics table).
        Assert.Equal(2.262157 * sd / Math.Sqrt(10), interval.HalfWidth, 5);
    }

    [Fact]
    public void One_value_has_no_interval_rather_than_a_zero_width_one()
    {
        var interval = MeanInterval.Of([3.0]);
        Assert.Equal(3.0, interval.Mean);
        Assert.True(double.IsNaN(interval.HalfWidth));
        Assert.False(interval.AboveZero);
    }

    [Fact]
    public void A_diverged_seed_makes_the_mean_unknown()
    {
        Assert.True(double.IsNaN(MeanInterval.Of([1.0, double.NaN, 2.0]).Mean));
    }

    [Fact]
    public void Paired_difference_cancels_what_the_seeds_share()
    {
        // Seeds move both methods together by a lot; a is always 1 above b.
        double[] b = [10, 50, 90, 30, 70];
        var a = b.Select(x => x + 1 + (x % 20 == 10 ? 0.1 : -0.1)).ToArray();
        var paired = MeanInterval.PairedDifference(a, b);
        Assert.True(paired.AboveZero);
        var unpaired = MeanInterval.Of(a).Mean - MeanInterval.Of(b).Mean;
        Assert.Equal(unpaired, paired.Mean, 10);
        Assert.True(paired.HalfWidth < 0.5, $"half-width {paired.HalfWidth}");
    }

    [Fact]
    public void Paired_difference_refuses_samples_of_different_sizes()
    {
        Assert.Throws<ArgumentException>(() => MeanInterval.PairedDifference([1.0, 2.0], [1.0]));
    }
}
