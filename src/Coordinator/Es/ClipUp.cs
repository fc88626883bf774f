namespace EvoPo.Coordinator.Es;

/// <summary>
/// ClipUp (Toklu et al. 2020, as EvoTorch implements it): the gradient normalized to length <c>learningRate</c>, added to
/// the momentum-decayed velocity, the velocity clipped to length <c>maxSpeed</c>, and the mean moved by it. The step
/// length so never depends on the fitness scale. Weight decay is decoupled, scaled by the learning rate.
/// </summary>
public sealed class ClipUp(double learningRate, double momentum, double maxSpeed, double weightDecay) : IGradientOptimizer
{
    public (double[] Parameters, OptimizerState State) Ascend(double[] parameters, double[] gradient, OptimizerState state)
    {
        var norm = Norm(gradient);
        // A zero gradient (every fitness equal) adds nothing; momentum still carries the velocity.
        var scale = norm > 0 ? learningRate / norm : 0.0;
        var velocity = new double[parameters.Length];
        for (var d = 0; d < velocity.Length; d++) velocity[d] = momentum * state.M[d] + scale * gradient[d];
        var speed = Norm(velocity);
        if (speed > maxSpeed)
            for (var d = 0; d < velocity.Length; d++) velocity[d] *= maxSpeed / speed;
        var next = new double[parameters.Length];
        for (var d = 0; d < next.Length; d++) next[d] = parameters[d] + velocity[d] - learningRate * weightDecay * parameters[d];
        return (next, new OptimizerState(state.Step + 1, velocity, state.V));
    }

    private static double Norm(double[] x)
    {
        var sum = 0.0;
        foreach (var v in x) sum += v * v;
        return Math.Sqrt(sum);
    }
}
