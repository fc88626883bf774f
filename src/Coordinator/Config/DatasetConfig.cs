namespace EvoPo.Coordinator.Config;

/// <summary><c>dataset</c>: the preference pairs every candidate trains on.</summary>
public sealed record DatasetConfig
{
    public int Pairs { get; init; } = 128;

    public DatasetVariant Variant { get; init; } = DatasetVariant.Base;

    /// <summary>Label-flip probability of the noisy variant.</summary>
    public double Noise { get; init; }

    /// <summary>Bradley–Terry judge temperature T in σ((R1 − R2)/T); higher is a worse judge.</summary>
    public double Temperature { get; init; } = 1.0;

    public ulong Seed { get; init; } = 11;

    internal void Validate()
    {
        ConfigChecks.InRange("dataset.pairs", Pairs, 1, 1_000_000);
        ConfigChecks.InRange("dataset.noise", Noise, 0.0, 0.5);
        ConfigChecks.Positive("dataset.temperature", Temperature);
    }
}
