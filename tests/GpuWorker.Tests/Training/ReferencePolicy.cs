using EvoPo.GpuWorker.Training;
using EvoPo.Simulation.Policies;

namespace EvoPo.GpuWorker.Tests.Training;

/// <summary>
/// The design.md Gaussian MLP written out in float64 loops, to check the trainer's layout and log-probs; the tanh Jacobian
/// in its direct form log(1 − tanh²u), which float64 keeps accurate over the clamped range |u| ≤ 3.
/// </summary>
internal static class ReferencePolicy
{
    /// <summary>Mean over pairs of ℓ for one side of the dataset.</summary>
    public static double MeanLogLikelihood(PolicySpec policy, float[] parameters, TrajectoryArrays side)
    {
        var total = 0.0;
        for (var p = 0; p < side.Count; p++)
            for (var t = 0; t < side.Lengths[p]; t++)
                total += StepLogProb(policy, parameters,
                    side.Observations.AsSpan((p * side.MaxLength + t) * side.ObsDim, side.ObsDim),
                    side.Actions.AsSpan((p * side.MaxLength + t) * side.ActDim, side.ActDim));
        return total / side.Count;
    }

    public static double StepLogProb(PolicySpec policy, float[] parameters, ReadOnlySpan<float> observation, ReadOnlySpan<float> action)
    {
        var widths = policy.Widths;
        var h = observation.ToArray().Select(x => (double)x).ToArray();
        var offset = 0;
        for (var l = 0; l + 1 < widths.Count; l++)
        {
            var next = new double[widths[l + 1]];
            for (var j = 0; j < next.Length; j++)
            {
                var sum = (double)parameters[offset + widths[l] * widths[l + 1] + j];
                for (var i = 0; i < widths[l]; i++) sum += h[i] * parameters[offset + i * widths[l + 1] + j];
                next[j] = l + 2 < widths.Count ? Math.Tanh(sum) : sum;
            }
            offset += widths[l] * widths[l + 1] + widths[l + 1];
            h = next;
        }
        var logProb = 0.0;
        for (var d = 0; d < policy.ActDim; d++)
        {
            var std = policy.StdMin + Math.Exp(parameters[offset + d]);
            var z = (action[d] - h[d]) / std;
            logProb += -0.5 * z * z - Math.Log(std) - 0.5 * Math.Log(2 * Math.PI);
            if (policy.Distribution == PolicyDistribution.TanhGaussian) logProb -= Math.Log(1 - Math.Tanh(action[d]) * Math.Tanh(action[d]));
        }
        return logProb;
    }
}
