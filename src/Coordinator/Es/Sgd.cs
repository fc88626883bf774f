namespace EvoPo.Coordinator.Es;

/// <summary>Gradient ascent with heavy-ball momentum (velocity ← momentum · velocity + gradient) and decoupled weight decay.</summary>
public sealed class Sgd(double learningRate, double momentum, double weightDecay) : IGradientOptimizer
{
    public (double[] Parameters, OptimizerState State) Ascend(double[] parameters, double[] gradient, OptimizerState state)
    {
        var next = new double[parameters.Length];
        var velocity = new double[parameters.Length];
        for (var d = 0; d < parameters.Length; d++)
        {
            velocity[d] = momentum * state.M[d] + gradient[d];
            next[d] = parameters[d] + learningRate * (velocity[d] - weightDecay * parameters[d]);
        }
        return (next, new OptimizerState(state.Step + 1, velocity, state.V));
    }
}
