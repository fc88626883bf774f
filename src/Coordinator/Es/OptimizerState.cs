using MessagePack;

namespace EvoPo.Coordinator.Es;

/// <summary>
/// What an <see cref="IGradientOptimizer"/> carries between steps; part of a strategy's journaled state.
/// </summary>
/// <param name="Step">Steps taken so far (Adam's bias correction counts them).</param>
/// <param name="M">Adam's first moment, or the momentum optimizers' velocity.</param>
/// <param name="V">Adam's second moment; zeros for the others.</param>
[MessagePackObject]
public sealed record OptimizerState(
    [property: Key(0)] long Step,
    [property: Key(1)] double[] M,
    [property: Key(2)] double[] V)
{
    public static OptimizerState Zero(int dimension) => new(0, new double[dimension], new double[dimension]);
}
