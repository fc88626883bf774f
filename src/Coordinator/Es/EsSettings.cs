namespace EvoPo.Coordinator.Es;

/// <summary>
/// Hyperparameters of every strategy (math.md §4, docs/strategies.md). A field that a strategy does not use must keep
/// its default (null for the nullable ones), so a setting never silently does nothing. Defaults are the seed paper's
/// for OpenAI-ES and each method's reference implementation's for the others; only the population has none, because it
/// sets the cost of every generation.
/// </summary>
public sealed record EsSettings
{
    public StrategyKind Strategy { get; init; } = StrategyKind.OpenAiEs;

    /// <summary>Candidates per generation; even for the antithetic strategies (openai-es, pgpe).</summary>
    public required int Population { get; init; }

    /// <summary>Learning rate of the mean's optimizer (openai-es, pgpe).</summary>
    public double LearningRate { get; init; } = 0.02;

    public double Beta1 { get; init; } = 0.9;
    public double Beta2 { get; init; } = 0.999;
    public double AdamEpsilon { get; init; } = 1e-8;

    /// <summary>Initial sampling standard deviation, per dimension (every strategy).</summary>
    public double Sigma0 { get; init; } = 0.03;

    /// <summary>σ ← max(σ · decay, σ_min) after each generation (openai-es only: the others adapt σ themselves).</summary>
    public double SigmaDecay { get; init; } = 0.999;

    /// <summary>Floor for σ (openai-es, pgpe): their gradient estimates divide by σ, so it must stay well away from zero.</summary>
    public double SigmaMin { get; init; } = 0.001;

    /// <summary>Decoupled (AdamW-style) decay of the mean towards zero, per step, scaled by the learning rate (openai-es, pgpe).</summary>
    public double WeightDecay { get; init; }

    /// <summary>Fitness shaping of the gradient estimate (openai-es, pgpe); the others rank with their own weights.</summary>
    public FitnessShapingKind Shaping { get; init; } = FitnessShapingKind.CenteredRanks;

    /// <summary>The mean's optimizer (openai-es, pgpe); null is the method's own: adam for openai-es, clipup for pgpe.</summary>
    public OptimizerKind? Optimizer { get; init; }

    /// <summary>Momentum of sgd and clipup; null is 0.9.</summary>
    public double? Momentum { get; init; }

    /// <summary>ClipUp's largest step length; null is twice the learning rate (EvoTorch's default).</summary>
    public double? MaxSpeed { get; init; }

    /// <summary>Learning rate of σ (pgpe, snes); null is the method's own: 0.1 for pgpe, (3 + ln d) / (5 √d) for snes.</summary>
    public double? SigmaLearningRate { get; init; }

    /// <summary>PGPE's largest relative change of each σ per generation; null is 0.2 (EvoTorch's and evosax's default).</summary>
    public double? SigmaMaxChange { get; init; }

    /// <summary>Largest population accepted: beyond it a generation would not fit the work-unit indexing.</summary>
    public const int MaxPopulation = 1 << 20;

    public bool IsAntithetic => Strategy is StrategyKind.OpenAiEs or StrategyKind.Pgpe;

    public OptimizerKind ResolvedOptimizer => Optimizer ?? (Strategy == StrategyKind.Pgpe ? OptimizerKind.ClipUp : OptimizerKind.Adam);

    public double ResolvedMomentum => Momentum ?? 0.9;

    public double ResolvedMaxSpeed => MaxSpeed ?? 2 * LearningRate;

    public double ResolvedSigmaMaxChange => SigmaMaxChange ?? 0.2;

    /// <summary>σ's learning rate for a search of <paramref name="dimension"/> parameters.</summary>
    public double ResolvedSigmaLearningRate(int dimension) =>
        SigmaLearningRate ?? (Strategy == StrategyKind.Snes ? (3 + Math.Log(dimension)) / (5 * Math.Sqrt(dimension)) : 0.1);

    /// <summary>The optimizer of the mean (openai-es, pgpe).</summary>
    public IGradientOptimizer CreateOptimizer() => ResolvedOptimizer switch
    {
        OptimizerKind.Adam => new Adam(LearningRate, Beta1, Beta2, AdamEpsilon, WeightDecay),
        OptimizerKind.Sgd => new Sgd(LearningRate, ResolvedMomentum, WeightDecay),
        OptimizerKind.ClipUp => new ClipUp(LearningRate, ResolvedMomentum, ResolvedMaxSpeed, WeightDecay),
        _ => throw new ArgumentOutOfRangeException(nameof(Optimizer), Optimizer, "Unknown optimizer."),
    };

    /// <summary>Throws <see cref="ArgumentException"/> naming the first field out of range and its allowed range.</summary>
    public EsSettings Validate(int? dimension = null)
    {
        if ((dimension is { } d ? FindInvalidFor(d) : FindInvalid()) is { } invalid)
            throw new ArgumentException($"{invalid.Field} {invalid.Problem}", invalid.Field);
        return this;
    }

    /// <summary>
    /// The first field out of range or not used by <see cref="Strategy"/>, and what is wrong with it ("must be …, got …"),
    /// or null. The ranges live here only; the search configuration reports the same problems under its own key names.
    /// </summary>
    public (string Field, string Problem)? FindInvalid()
    {
        if (!Enum.IsDefined(Strategy))
            return Invalid(nameof(Strategy), Strategy, "one of " + string.Join(" | ", Enum.GetNames<StrategyKind>()));
        if (IsAntithetic && (Population < 2 || Population % 2 != 0 || Population > MaxPopulation))
            return Invalid(nameof(Population), Population, $"an even integer in [2, {MaxPopulation}] (antithetic pairs)");
        if (Population < 2 || Population > MaxPopulation)
            return Invalid(nameof(Population), Population, $"an integer in [2, {MaxPopulation}]");
        if (!(Sigma0 > 0) || !double.IsFinite(Sigma0)) return Invalid(nameof(Sigma0), Sigma0, "a finite number > 0");
        if (NotUsed() is { } unused) return unused;

        if (!(LearningRate > 0) || !double.IsFinite(LearningRate))
            return Invalid(nameof(LearningRate), LearningRate, "a finite number > 0");
        if (!(Beta1 >= 0 && Beta1 < 1)) return Invalid(nameof(Beta1), Beta1, "in [0, 1)");
        if (!(Beta2 >= 0 && Beta2 < 1)) return Invalid(nameof(Beta2), Beta2, "in [0, 1)");
        if (!(AdamEpsilon > 0) || !double.IsFinite(AdamEpsilon))
            return Invalid(nameof(AdamEpsilon), AdamEpsilon, "a finite number > 0");
        if (!(SigmaDecay > 0 && SigmaDecay <= 1)) return Invalid(nameof(SigmaDecay), SigmaDecay, "in (0, 1]");
        if (Uses(nameof(SigmaMin)) && !(SigmaMin > 0 && SigmaMin <= Sigma0))
            return Invalid(nameof(SigmaMin), SigmaMin, FormattableString.Invariant($"in (0, sigma0 = {Sigma0:R}]"));
        if (!(WeightDecay >= 0 && WeightDecay < 1)) return Invalid(nameof(WeightDecay), WeightDecay, "in [0, 1)");
        if (!Enum.IsDefined(Shaping))
            return Invalid(nameof(Shaping), Shaping, "one of " + string.Join(" | ", Enum.GetNames<FitnessShapingKind>()));
        if (Optimizer is { } optimizer && !Enum.IsDefined(optimizer))
            return Invalid(nameof(Optimizer), optimizer, "one of " + string.Join(" | ", Enum.GetNames<OptimizerKind>()));
        if (Momentum is { } momentum && !(momentum >= 0 && momentum < 1)) return Invalid(nameof(Momentum), momentum, "in [0, 1)");
        if (MaxSpeed is { } speed && !(speed > 0 && double.IsFinite(speed))) return Invalid(nameof(MaxSpeed), speed, "a finite number > 0");
        if (SigmaLearningRate is { } rate && !(rate > 0 && double.IsFinite(rate)))
            return Invalid(nameof(SigmaLearningRate), rate, "a finite number > 0");
        if (SigmaMaxChange is { } change && !(change > 0 && change < 1)) return Invalid(nameof(SigmaMaxChange), change, "in (0, 1)");
        return null;
    }

    /// <summary><see cref="FindInvalid"/>, and whether the strategy suits a search of <paramref name="dimension"/> parameters.</summary>
    public (string Field, string Problem)? FindInvalidFor(int dimension)
    {
        if (FindInvalid() is { } invalid) return invalid;
        if (Strategy == StrategyKind.CmaEs && dimension > CmaEs.MaxDimension)
            return (nameof(Strategy), FormattableString.Invariant(
                $"cma-es keeps a full {dimension} × {dimension} covariance and suits at most {CmaEs.MaxDimension} parameters; this search has {dimension}: use sep-cma-es"));
        return null;
    }

    /// <summary>Which strategies (and, for the optimizer's own settings, which optimizers) use a field.</summary>
    private bool Uses(string field) => field switch
    {
        nameof(LearningRate) or nameof(WeightDecay) or nameof(Shaping) or nameof(Optimizer) or nameof(SigmaMin) =>
            Strategy is StrategyKind.OpenAiEs or StrategyKind.Pgpe,
        nameof(SigmaDecay) => Strategy == StrategyKind.OpenAiEs,
        nameof(SigmaLearningRate) => Strategy is StrategyKind.Pgpe or StrategyKind.Snes,
        nameof(SigmaMaxChange) => Strategy == StrategyKind.Pgpe,
        nameof(Beta1) or nameof(Beta2) or nameof(AdamEpsilon) => Uses(nameof(Optimizer)) && ResolvedOptimizer == OptimizerKind.Adam,
        nameof(Momentum) => Uses(nameof(Optimizer)) && ResolvedOptimizer is OptimizerKind.Sgd or OptimizerKind.ClipUp,
        nameof(MaxSpeed) => Uses(nameof(Optimizer)) && ResolvedOptimizer == OptimizerKind.ClipUp,
        _ => true,
    };

    private (string, string)? NotUsed()
    {
        var defaults = new EsSettings { Population = Population };
        (string Field, bool Changed)[] fields =
        [
            (nameof(LearningRate), LearningRate != defaults.LearningRate),
            (nameof(SigmaDecay), SigmaDecay != defaults.SigmaDecay),
            (nameof(SigmaMin), SigmaMin != defaults.SigmaMin),
            (nameof(WeightDecay), WeightDecay != defaults.WeightDecay),
            (nameof(Shaping), Shaping != defaults.Shaping),
            (nameof(Optimizer), Optimizer is not null),
            (nameof(Beta1), Beta1 != defaults.Beta1),
            (nameof(Beta2), Beta2 != defaults.Beta2),
            (nameof(AdamEpsilon), AdamEpsilon != defaults.AdamEpsilon),
            (nameof(Momentum), Momentum is not null),
            (nameof(MaxSpeed), MaxSpeed is not null),
            (nameof(SigmaLearningRate), SigmaLearningRate is not null),
            (nameof(SigmaMaxChange), SigmaMaxChange is not null),
        ];
        foreach (var (field, changed) in fields)
            if (changed && !Uses(field))
                return (field, $"does not apply to strategy {StrategyNames.Of(Strategy)}{UsedBy(field)}; remove it");
        return null;
    }

    private string UsedBy(string field) => field switch
    {
        nameof(Beta1) or nameof(Beta2) or nameof(AdamEpsilon) => " with this optimizer (adam only)",
        nameof(Momentum) => " with this optimizer (sgd and clipup only)",
        nameof(MaxSpeed) => " with this optimizer (clipup only)",
        _ => "",
    };

    private static (string, string) Invalid(string field, object value, string allowed) =>
        (field, FormattableString.Invariant($"must be {allowed}, got {value}"));
}
