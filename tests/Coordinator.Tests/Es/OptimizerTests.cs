using EvoPo.Coordinator.Es;

namespace EvoPo.Coordinator.Tests.Es;

public class OptimizerTests
{
    [Fact]
    public void ClipUp_steps_the_normalized_gradient_and_never_faster_than_its_max_speed()
    {
        var clipUp = new ClipUp(learningRate: 0.1, momentum: 0.9, maxSpeed: 0.15, weightDecay: 0);
        var state = OptimizerState.Zero(2);
        double[] x = [0, 0];
        (x, state) = clipUp.Ascend(x, [300, 400], state);
        Assert.Equal(0.06, x[0], 12);
        Assert.Equal(0.08, x[1], 12);
        for (var i = 0; i < 20; i++)
        {
            var before = x;
            (x, state) = clipUp.Ascend(x, [3, 4], state);
            Assert.True(Math.Sqrt(Math.Pow(x[0] - before[0], 2) + Math.Pow(x[1] - before[1], 2)) <= 0.15 + 1e-12);
        }
        Assert.Equal(0.15, Math.Sqrt(state.M[0] * state.M[0] + state.M[1] * state.M[1]), 12);
        var (same, _) = clipUp.Ascend(x, [0, 0], OptimizerState.Zero(2));
        Assert.Equal(x, same);
    }

    [Fact]
    public void Sgd_with_momentum_accumulates_velocity()
    {
        var sgd = new Sgd(learningRate: 0.5, momentum: 0.5, weightDecay: 0);
        var state = OptimizerState.Zero(1);
        double[] x = [1];
        (x, state) = sgd.Ascend(x, [2], state);
        Assert.Equal(2.0, x[0]);
        (x, state) = sgd.Ascend(x, [2], state);
        Assert.Equal(3.5, x[0]);
        Assert.Equal(2, state.Step);
    }

    [Fact]
    public void Adam_moves_each_coordinate_by_about_the_learning_rate_at_first()
    {
        var adam = new Adam(0.02, 0.9, 0.999, 1e-8, 0);
        var (x, state) = adam.Ascend([0, 0], [5, -0.001], OptimizerState.Zero(2));
        Assert.Equal(0.02, x[0], 6);
        Assert.Equal(-0.02, x[1], 6);
        Assert.Equal(1, state.Step);
    }
}
