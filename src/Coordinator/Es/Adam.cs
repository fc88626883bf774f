namespace EvoPo.Coordinator.Es;

/// <summary>
/// Adam descending on −gradient, with decoupled (AdamW) weight decay so the decay does not pass through the moments.
/// The arithmetic is the one OpenAI-ES used before the optimizer was its own component, operation for operation, so
/// runs journaled then replay bit for bit.
/// </summary>
public sealed class Adam(double learningRate, double beta1, double beta2, double epsilon, double weightDecay) : IGradientOptimizer
{
    public (double[] Parameters, OptimizerState State) Ascend(double[] parameters, double[] gradient, OptimizerState state)
    {
        var step = state.Step + 1;
        var biasM = 1.0 - Math.Pow(beta1, step);
        var biasV = 1.0 - Math.Pow(beta2, step);
        var next = new double[parameters.Length];
        var m = new double[parameters.Length];
        var v = new double[parameters.Length];
        for (var d = 0; d < parameters.Length; d++)
        {
            var grad = -gradient[d];
            m[d] = beta1 * state.M[d] + (1.0 - beta1) * grad;
            v[d] = beta2 * state.V[d] + (1.0 - beta2) * grad * grad;
            var update = m[d] / biasM / (Math.Sqrt(v[d] / biasV) + epsilon);
            next[d] = parameters[d] - learningRate * (update + weightDecay * parameters[d]);
        }
        return (next, new OptimizerState(step, m, v));
    }
}
