namespace EvoPo.Simulation.Normalization;

/// <summary>
/// Frozen observation normalization (ARS "V2", OpenAI-ES): the policy network sees
/// clip((s − mean) / std, ±<see cref="Clip"/>) instead of s, computed in float32 per dimension. Frozen into an agent
/// file, it is part of the policy: applied wherever the agent acts or is scored (rollouts, datasets, training log-probs).
/// </summary>
public sealed class ObservationNormalizer
{
    /// <summary>Normalized values are clipped to ±5, as OpenAI-ES does (ours: ARS does not clip; 5 std is rarely reached).</summary>
    public const float Clip = 5f;

    /// <summary>Floor of a dimension's std (ours): a dimension that never varied is centred, not blown up.</summary>
    public const double MinStd = 1e-2;

    private readonly float[] _mean;
    private readonly float[] _std;

    public ObservationNormalizer(ReadOnlySpan<float> mean, ReadOnlySpan<float> std)
    {
        if (mean.Length == 0 || mean.Length != std.Length)
            throw new ArgumentException($"observation normalization needs mean and std of one positive length, got {mean.Length} and {std.Length}");
        for (var d = 0; d < mean.Length; d++)
        {
            if (!float.IsFinite(mean[d])) throw new ArgumentException($"observation mean {d} is not finite ({mean[d]})", nameof(mean));
            if (!(std[d] > 0) || !float.IsFinite(std[d])) throw new ArgumentException($"observation std {d} must be finite and > 0, got {std[d]}", nameof(std));
        }
        _mean = mean.ToArray();
        _std = std.ToArray();
    }

    public int Dimension => _mean.Length;

    public ReadOnlySpan<float> Mean => _mean;

    public ReadOnlySpan<float> Std => _std;

    /// <summary>Normalizes <paramref name="count"/> rows of <see cref="Dimension"/> values from <paramref name="raw"/> into <paramref name="normalized"/> (may be the same memory).</summary>
    public void Apply(ReadOnlySpan<float> raw, int count, Span<float> normalized)
    {
        var n = count * Dimension;
        if (raw.Length < n || normalized.Length < n)
            throw new ArgumentException($"need {count} rows of {Dimension} observation values");
        for (var i = 0; i < n; i++)
        {
            var d = i % Dimension;
            normalized[i] = Math.Clamp((raw[i] - _mean[d]) / _std[d], -Clip, Clip);
        }
    }
}
