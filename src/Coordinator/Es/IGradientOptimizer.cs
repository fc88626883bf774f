namespace EvoPo.Coordinator.Es;

/// <summary>
/// A first-order optimizer as its own small component (the optax shape): a strategy estimates a gradient of fitness,
/// the optimizer turns it into a step. Pure: the state goes in and comes out, nothing is kept between calls.
/// </summary>
public interface IGradientOptimizer
{
    /// <summary>One step up <paramref name="gradient"/> (an ascent direction of fitness) from <paramref name="parameters"/>.</summary>
    (double[] Parameters, OptimizerState State) Ascend(double[] parameters, double[] gradient, OptimizerState state);
}
