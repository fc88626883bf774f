using EvoPo.Simulation.Random;

namespace EvoPo.GpuWorker.Training;

/// <summary>
/// A synthetic dataset of realistic shape for benchmarks and tests, with a learnable signal: chosen actions
/// follow a fixed linear "expert" of the observation with small noise, rejected actions are wide noise. Each step's
/// behaviour log-prob is that of its action under the Gaussian that drew it.
/// </summary>
public static class SyntheticPreferencePairs
{
    public static PreferencePairs Create(PolicySpec policy, int pairs, int maxLength, ulong seed, bool variableLengths = false)
    {
        var rng = CounterRng.Create(seed);
        var expert = rng.Fork(0).Stream();
        var gain = new float[policy.ObsDim * policy.ActDim];
        for (var i = 0; i < gain.Length; i++) gain[i] = (float)(expert.NextGaussian() / Math.Sqrt(policy.ObsDim));
        return new PreferencePairs(
            Side(policy, pairs, maxLength, rng.Fork(1), gain, actionNoise: 0.1, variableLengths),
            Side(policy, pairs, maxLength, rng.Fork(2), gain: null, actionNoise: 1.0, variableLengths));
    }

    /// <summary>A randomly initialized policy in the flat layout: weights N(0, 1/fan_in), biases 0, logStd 0.</summary>
    public static float[] RandomParameters(PolicySpec policy, ulong seed)
    {
        var stream = CounterRng.Create(seed).Stream();
        var parameters = new List<float>(policy.ParameterCount);
        var widths = policy.Widths;
        for (var l = 0; l + 1 < widths.Count; l++)
        {
            for (var i = 0; i < widths[l] * widths[l + 1]; i++) parameters.Add((float)(stream.NextGaussian() / Math.Sqrt(widths[l])));
            for (var j = 0; j < widths[l + 1]; j++) parameters.Add(0f);
        }
        for (var d = 0; d < policy.ActDim; d++) parameters.Add(0f);
        return parameters.ToArray();
    }

    private static TrajectoryArrays Side(PolicySpec policy, int count, int maxLength, CounterRng rng, float[]? gain, double actionNoise, bool variableLengths)
    {
        var stream = rng.Stream();
        var observations = new float[count * maxLength * policy.ObsDim];
        var actions = new float[count * maxLength * policy.ActDim];
        var lengths = new int[count];
        var behaviour = new float[count * maxLength];
        var logNormalizer = policy.ActDim * Math.Log(actionNoise * Math.Sqrt(2 * Math.PI));
        for (var p = 0; p < count; p++)
        {
            lengths[p] = variableLengths ? maxLength / 2 + stream.NextInt(maxLength - maxLength / 2) + 1 : maxLength;
            for (var t = 0; t < lengths[p]; t++)
            {
                var o = (p * maxLength + t) * policy.ObsDim;
                for (var i = 0; i < policy.ObsDim; i++) observations[o + i] = (float)stream.NextGaussian();
                var a = (p * maxLength + t) * policy.ActDim;
                var logProb = -logNormalizer;
                for (var d = 0; d < policy.ActDim; d++)
                {
                    var mean = 0.0;
                    if (gain is not null)
                        for (var i = 0; i < policy.ObsDim; i++) mean += observations[o + i] * gain[i * policy.ActDim + d];
                    var z = stream.NextGaussian();
                    actions[a + d] = (float)(mean + actionNoise * z);
                    logProb -= 0.5 * z * z;
                }
                behaviour[p * maxLength + t] = (float)logProb;
            }
        }
        return new TrajectoryArrays(count, maxLength, policy.ObsDim, policy.ActDim, observations, actions, lengths, behaviour);
    }
}
