using System.Numerics;
using EvoPo.Simulation.Normalization;
using EvoPo.Simulation.Random;

namespace EvoPo.Simulation.Policies;

/// <summary>
/// A Gaussian MLP policy on the CPU: tanh hidden layers, linear mean head, state-independent
/// std_d = stdMin + exp(logStd_d); its sample u is executed as is or squashed by tanh (<see cref="Distribution"/>).
/// With an <see cref="ObservationNormalizer"/> the network sees normalized observations; callers always pass raw ones.
/// Holds scratch buffers for batched forwards, so one instance must not be used from two threads at once.
/// </summary>
public sealed class GaussianMlp
{
    private static readonly double HalfLog2Pi = 0.5 * Math.Log(2 * Math.PI);

    private readonly float[] _parameters;
    private readonly double[] _std;
    private float[] _bufferA = [];
    private float[] _bufferB = [];
    private float[] _normalized = [];

    public GaussianMlp(PolicyShape shape, double stdMin, ReadOnlySpan<float> parameters, PolicyDistribution distribution = PolicyDistribution.Gaussian,
        ObservationNormalizer? normalizer = null)
    {
        ArgumentNullException.ThrowIfNull(shape);
        if (!(stdMin > 0)) throw new ArgumentOutOfRangeException(nameof(stdMin), stdMin, "stdMin must be positive");
        if (parameters.Length != shape.ParameterCount)
            throw new ArgumentException($"shape {shape} needs {shape.ParameterCount} parameters, got {parameters.Length}", nameof(parameters));
        Shape = shape;
        StdMin = stdMin;
        if (normalizer is not null && normalizer.Dimension != shape.ObsDim)
            throw new ArgumentException($"observation normalization has {normalizer.Dimension} dimensions, shape {shape} observes {shape.ObsDim}", nameof(normalizer));
        Distribution = distribution;
        Normalizer = normalizer;
        _parameters = parameters.ToArray();
        _std = new double[shape.ActDim];
        for (var d = 0; d < shape.ActDim; d++) _std[d] = stdMin + Math.Exp(_parameters[shape.LogStdOffset + d]);
    }

    public PolicyShape Shape { get; }

    public double StdMin { get; }

    public PolicyDistribution Distribution { get; }

    /// <summary>The frozen observation normalization the network's input goes through, or null for raw observations.</summary>
    public ObservationNormalizer? Normalizer { get; }

    public ReadOnlySpan<float> Parameters => _parameters;

    public ReadOnlySpan<double> Std => _std;

    /// <summary>ℓ_max of math.md §1: the largest per-step log-density this policy can reach.</summary>
    public double LogProbMax => PolicyDistributions.LogProbMax(Distribution, StdMin, Shape.ActDim);

    /// <summary>
    /// Deterministic initialisation: weights N(0, 1/in) (scaled by <paramref name="outputScale"/> on the
    /// mean head, so a fresh policy acts near zero), zero biases, logStd = <paramref name="logStdInit"/>.
    /// </summary>
    public static float[] InitParameters(PolicyShape shape, ulong seed, float logStdInit = -0.5f, double outputScale = 0.01)
    {
        var p = new float[shape.ParameterCount];
        var rng = CounterRng.Create(seed).Stream();
        for (var l = 0; l < shape.LayerCount; l++)
        {
            var fanIn = shape.LayerInput(l);
            var scale = 1.0 / Math.Sqrt(fanIn) * (l == shape.LayerCount - 1 ? outputScale : 1.0);
            var w = p.AsSpan(shape.WeightOffset(l), fanIn * shape.LayerOutput(l));
            for (var i = 0; i < w.Length; i++) w[i] = (float)(rng.NextGaussian() * scale);
        }
        p.AsSpan(shape.LogStdOffset, shape.ActDim).Fill(logStdInit);
        return p;
    }

    /// <summary>Action means for <paramref name="count"/> observations: [count, ObsDim] → [count, ActDim].</summary>
    public void Mean(ReadOnlySpan<float> observations, int count, Span<float> means)
    {
        var shape = Shape;
        if (observations.Length < count * shape.ObsDim) throw new ArgumentException($"need {count * shape.ObsDim} observation values", nameof(observations));
        if (means.Length < count * shape.ActDim) throw new ArgumentException($"need room for {count * shape.ActDim} means", nameof(means));
        EnsureScratch(count * shape.MaxWidth);
        var input = Normalize(observations, count, ref _normalized);
        for (var l = 0; l < shape.LayerCount; l++)
        {
            var last = l == shape.LayerCount - 1;
            var output = last ? means[..(count * shape.ActDim)] : (l % 2 == 0 ? _bufferA : _bufferB).AsSpan(0, count * shape.LayerOutput(l));
            Dense(_parameters, input, count, shape.LayerInput(l), shape.LayerOutput(l), shape.WeightOffset(l), shape.BiasOffset(l), output);
            if (!last)
                for (var i = 0; i < output.Length; i++) output[i] = MathF.Tanh(output[i]);
            input = output;
        }
    }

    /// <summary>Draws one stored action u for one observation (<see cref="Stored"/> of mean + std·N(0, 1) from <paramref name="rng"/>).</summary>
    public void Sample(ReadOnlySpan<float> observation, RngStream rng, Span<float> action)
    {
        Mean(observation, 1, action);
        for (var d = 0; d < Shape.ActDim; d++) action[d] = Stored(action[d] + _std[d] * rng.NextGaussian());
    }

    /// <summary>
    /// The action a dataset stores for the Gaussian value <paramref name="u"/>: u itself, or for a squashed policy u clamped
    /// to |u| ≤ <see cref="TanhSquash.UMax"/> (the clamp bounds its density; see <see cref="PolicyDistributions.LogProbMax"/>).
    /// </summary>
    public float Stored(double u) => Distribution == PolicyDistribution.TanhGaussian ? TanhSquash.Clamp(u) : (float)u;

    /// <summary>What the environment receives for a stored action: u (the environment clips it) or tanh(u).</summary>
    public void Execute(ReadOnlySpan<float> stored, Span<float> executed)
    {
        for (var d = 0; d < Shape.ActDim; d++)
            executed[d] = Distribution == PolicyDistribution.TanhGaussian ? MathF.Tanh(stored[d]) : stored[d];
    }

    /// <summary>
    /// log π(a | s) of a stored action u given the mean, summed over action dimensions: log N(u; μ, σ), minus for a
    /// squashed policy Σ_d log(1 − tanh²u_d), so that it is the density of the executed action tanh(u).
    /// </summary>
    public float LogProb(ReadOnlySpan<float> mean, ReadOnlySpan<float> action)
    {
        double sum = 0;
        for (var d = 0; d < Shape.ActDim; d++)
        {
            var z = (action[d] - (double)mean[d]) / _std[d];
            sum += -0.5 * z * z - Math.Log(_std[d]) - HalfLog2Pi;
            if (Distribution == PolicyDistribution.TanhGaussian) sum -= TanhSquash.LogJacobian(action[d]);
        }
        return (float)sum;
    }

    // Loop order i-k-j keeps the inner loop over contiguous outputs; each output still sums its inputs in
    // index order, so the result does not depend on the vector width of the machine.
    internal static void Dense(ReadOnlySpan<float> parameters, ReadOnlySpan<float> input, int count, int nIn, int nOut, int weightOffset, int biasOffset, Span<float> output)
    {
        var w = parameters.Slice(weightOffset, nIn * nOut);
        var b = parameters.Slice(biasOffset, nOut);
        var width = Vector<float>.Count;
        for (var r = 0; r < count; r++)
        {
            var x = input.Slice(r * nIn, nIn);
            var y = output.Slice(r * nOut, nOut);
            b.CopyTo(y);
            for (var k = 0; k < nIn; k++)
            {
                var xk = x[k];
                var wk = w.Slice(k * nOut, nOut);
                var j = 0;
                if (Vector.IsHardwareAccelerated)
                {
                    var xv = new Vector<float>(xk);
                    for (; j <= nOut - width; j += width)
                    {
                        var acc = new Vector<float>(y[j..]) + xv * new Vector<float>(wk[j..]);
                        acc.CopyTo(y[j..]);
                    }
                }
                for (; j < nOut; j++) y[j] += xk * wk[j];
            }
        }
    }

    /// <summary>The network's input for <paramref name="count"/> raw rows: themselves, or normalized into <paramref name="buffer"/>.</summary>
    internal ReadOnlySpan<float> Normalize(ReadOnlySpan<float> observations, int count, ref float[] buffer)
    {
        var n = count * Shape.ObsDim;
        if (Normalizer is null) return observations[..n];
        if (buffer.Length < n) buffer = new float[n];
        Normalizer.Apply(observations, count, buffer);
        return buffer.AsSpan(0, n);
    }

    private void EnsureScratch(int size)
    {
        if (_bufferA.Length >= size) return;
        _bufferA = new float[size];
        _bufferB = new float[size];
    }
}
