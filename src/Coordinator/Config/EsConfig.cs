using EvoPo.Coordinator.Es;

namespace EvoPo.Coordinator.Config;

/// <summary>
/// <c>es</c>: the evolution strategy (math.md §4, docs/strategies.md). Ranges, and which keys each strategy uses, are
/// <see cref="EsSettings"/>'s: a key the chosen strategy does not use must be left out.
/// </summary>
public sealed record EsConfig
{
    /// <summary>openai-es (the default) | pgpe | snes | sep-cma-es | cma-es.</summary>
    [OmitWhenDefault]
    public StrategyKind Strategy { get; init; } = StrategyKind.OpenAiEs;

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

    /// <summary>adam | sgd | clipup for openai-es and pgpe; auto is the method's own (adam, clipup).</summary>
    [OmitWhenDefault]
    public OptimizerKind? Optimizer { get; init; }

    /// <summary>Momentum of sgd and clipup; auto is 0.9.</summary>
    [OmitWhenDefault]
    public double? Momentum { get; init; }

    /// <summary>ClipUp's largest step length; auto is twice learningRate.</summary>
    [OmitWhenDefault]
    public double? MaxSpeed { get; init; }

    /// <summary>σ's learning rate (pgpe, snes); auto is 0.1 for pgpe, (3 + ln d)/(5 √d) for snes.</summary>
    [OmitWhenDefault]
    public double? SigmaLearningRate { get; init; }

    /// <summary>PGPE's largest relative change of a σ per generation; auto is 0.2.</summary>
    [OmitWhenDefault]
    public double? SigmaMaxChange { get; init; }

    /// <summary>The strategy's settings; Adam's β1, β2 and ε keep the paper's values.</summary>
    public EsSettings ToEsSettings() => new()
    {
        Strategy = Strategy,
        Population = Population,
        LearningRate = LearningRate,
        Sigma0 = Sigma0,
        SigmaDecay = SigmaDecay,
        SigmaMin = SigmaMin,
        WeightDecay = WeightDecay,
        Shaping = Shaping,
        Optimizer = Optimizer,
        Momentum = Momentum,
        MaxSpeed = MaxSpeed,
        SigmaLearningRate = SigmaLearningRate,
        SigmaMaxChange = SigmaMaxChange,
    };

    internal void Validate()
    {
        if (ToEsSettings().FindInvalid() is { } invalid) throw Error(invalid);
        ConfigChecks.InRange("es.generations", Generations, 0, 1_000_000);
        ConfigChecks.InRange("es.snapshotEvery", SnapshotEvery, 1, 1_000_000);
    }

    /// <summary>Whether the strategy suits the searched vector's <paramref name="dimension"/> (cma-es keeps a d × d covariance).</summary>
    internal void ValidateFor(int dimension)
    {
        if (ToEsSettings().FindInvalidFor(dimension) is { } invalid) throw Error(invalid);
    }

    private static ConfigException Error((string Field, string Problem) invalid) => new("es." + YamlNames.Key(invalid.Field), invalid.Problem);
}
