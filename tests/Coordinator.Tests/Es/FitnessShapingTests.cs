using EvoPo.Coordinator.Es;

namespace EvoPo.Coordinator.Tests.Es;

public class FitnessShapingTests
{
    [Fact]
    public void Centered_ranks_map_onto_minus_half_to_half()
    {
        Assert.Equal([0.5, -0.5, 0.0], FitnessShaping.CenteredRanks([3.0, 1.0, 2.0]));
    }

    [Fact]
    public void Centered_ranks_give_ties_their_average_rank()
    {
        // ranks 0, 1.5, 1.5, 3 over n − 1 = 3
        Assert.Equal([-0.5, 0.0, 0.0, 0.5], FitnessShaping.CenteredRanks([1.0, 5.0, 5.0, 9.0]));
        Assert.Equal([0.0, 0.0], FitnessShaping.CenteredRanks([2.0, 2.0]));
    }

    [Fact]
    public void Centered_ranks_sum_to_zero_and_ignore_monotone_transforms()
    {
        double[] f = [0.3, -2.0, 7.5, 1e9, 0.31, -1e-9];
        var shaped = FitnessShaping.CenteredRanks(f);
        Assert.Equal(0.0, shaped.Sum(), 12);
        Assert.Equal(shaped, FitnessShaping.CenteredRanks(f.Select(x => Math.Exp(x / 1e9) * 3 - 1).ToArray()));
    }

    [Fact]
    public void Failed_fitness_ranks_below_every_finite_value()
    {
        var shaped = FitnessShaping.CenteredRanks([double.NaN, -1e300, 0.0, double.PositiveInfinity, double.NegativeInfinity]);
        // three failed candidates share ranks 0..2 (average 1), then −1e300 at 3 and 0 at 4; n − 1 = 4
        Assert.Equal([-0.25, 0.25, 0.5, -0.25, -0.25], shaped);
    }

    [Fact]
    public void Failed_fitness_scores_below_the_worst_finite_value_in_z_score_and_raw()
    {
        double[] f = [1.0, double.NaN, 3.0];
        var z = FitnessShaping.ZScore(f);
        Assert.Equal(-1.0, z[0], 12);
        Assert.Equal(1.0, z[2], 12);
        Assert.Equal(-2.0, z[1], 12);

        Assert.Equal([1.0, 0.0, 3.0], FitnessShaping.Raw(f));
    }

    [Fact]
    public void All_failed_shapes_to_zero()
    {
        double[] f = [double.NaN, double.NaN];
        Assert.All(FitnessShaping.CenteredRanks(f), x => Assert.Equal(0.0, x));
        Assert.All(FitnessShaping.ZScore(f), x => Assert.Equal(0.0, x));
        Assert.All(FitnessShaping.Raw(f), x => Assert.Equal(0.0, x));
    }

    [Fact]
    public void Z_score_of_constant_fitness_is_zero()
    {
        Assert.Equal([0.0, 0.0, -1.0], FitnessShaping.ZScore([4.0, 4.0, double.NaN]));
    }
}
