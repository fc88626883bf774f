using static TorchSharp.torch;

namespace EvoPo.GpuWorker.Training;

/// <summary>
/// Adam over the flat parameters <c>[K, P]</c> of K agents. Adam is elementwise, so one tensor update is K
/// independent optimizers, except for the step count in the bias corrections: that is kept per agent, and an
/// agent that sits a step out (finished, failed, not yet in its phase) keeps its parameters, moments and count.
/// Same arithmetic as torch.optim.Adam (no weight decay).
/// </summary>
internal sealed class PerAgentAdam(int agents, long parameterCount, TrainingSettings settings, ScalarType dtype, Device device) : IDisposable
{
    private readonly Tensor _firstMoment = zeros(agents, parameterCount, dtype: dtype, device: device).DetachFromDisposeScope();
    private readonly Tensor _secondMoment = zeros(agents, parameterCount, dtype: dtype, device: device).DetachFromDisposeScope();
    private readonly long[] _steps = new long[agents];

    /// <summary>Advances the agents in <paramref name="scheduled"/>; of those, only rows where <paramref name="active"/> holds change.</summary>
    public void Step(Tensor parameters, Tensor gradient, Tensor active, bool[] scheduled)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var stepSize = new double[agents];
        var secondCorrection = new double[agents];
        for (var k = 0; k < agents; k++)
        {
            if (scheduled[k]) _steps[k]++;
            var t = Math.Max(_steps[k], 1);
            stepSize[k] = settings.LearningRate / (1 - Math.Pow(settings.AdamBeta1, t));
            secondCorrection[k] = Math.Sqrt(1 - Math.Pow(settings.AdamBeta2, t));
        }
        var rows = active.unsqueeze(1);
        var m = _firstMoment * settings.AdamBeta1 + gradient * (1 - settings.AdamBeta1);
        var v = _secondMoment * settings.AdamBeta2 + gradient.square() * (1 - settings.AdamBeta2);
        var denominator = v.sqrt() / Column(secondCorrection, parameters) + settings.AdamEpsilon;
        var updated = parameters - Column(stepSize, parameters) * m / denominator;
        _firstMoment.copy_(where(rows, m, _firstMoment));
        _secondMoment.copy_(where(rows, v, _secondMoment));
        parameters.copy_(where(rows, updated, parameters));
    }

    /// <summary>Fresh moments and step count for the given agents, as a new optimizer would start.</summary>
    public void Reset(bool[] agentsToReset)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var rows = tensor(agentsToReset, device: _firstMoment.device).unsqueeze(1);
        _firstMoment.masked_fill_(rows, 0);
        _secondMoment.masked_fill_(rows, 0);
        for (var k = 0; k < agents; k++)
            if (agentsToReset[k]) _steps[k] = 0;
    }

    public void Dispose()
    {
        _firstMoment.Dispose();
        _secondMoment.Dispose();
    }

    private static Tensor Column(double[] values, Tensor like) =>
        tensor(values, dtype: ScalarType.Float64).to(like.dtype, like.device).unsqueeze(1);
}
