using EvoPo.Coordinator.Es;

namespace EvoPo.Coordinator.Config;

/// <summary><c>es</c>: the evolution strategy (math.md §4). Ranges are <see cref="EsSettings"/>'s.</summary>
public sealed record EsConfig
{
    public int Population { get; init; } = 16;

    public int Generations { get; init; } = 10;

    public double Sigma0 { get; init; } = 0.03;

    public double SigmaDecay { get; init; } = 0.999;

    public double SigmaMin { get; init; } = 0.001;

    public double LearningRate { get; init; } = 0.02;

    public FitnessShapingKind Shaping { get; init; } = FitnessShapingKind.CenteredRanks;

    public double WeightDecay { get; init; }

    /// <summary>Generations between persisted snapshots of the search.</summary>
    public int SnapshotEvery { get; init; } = 5;

    /// <summary>The strategy's settings; Adam's β1, β2 and ε keep the paper's values.</summary>
    public EsSettings ToEsSettings() => new()
    {
        Population = Population,
        LearningRate = LearningRate,
        Sigma0 = Sigma0,
        SigmaDecay = SigmaDecay,
        SigmaMin = SigmaMin,
        WeightDecay = WeightDecay,
        Shaping = Shaping,
    };

    internal void Validate()
    {
        if (ToEsSettings().FindInvalid() is { } invalid)
            throw new ConfigException("es." + YamlNames.Key(invalid.Field), invalid.Problem);
        ConfigChecks.InRange("es.generations", Generations, 0, 1_000_000);
        ConfigChecks.InRange("es.snapshotEvery", SnapshotEvery, 1, 1_000_000);
    }
}
