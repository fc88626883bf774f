namespace EvoPo.Coordinator.Es;

/// <summary>
/// Hyperparameters of OpenAI-ES with Adam (math.md §4). Defaults are the seed paper's; only the
/// population has none, because it sets the cost of every generation.
/// </summary>
public sealed record EsSettings
{
    /// <summary>Candidates per generation; even, because candidates come in antithetic pairs.</summary>
    public required int Population { get; init; }

    public double LearningRate { get; init; } = 0.02;
    public double Beta1 { get; init; } = 0.9;
    public double Beta2 { get; init; } = 0.999;
    public double AdamEpsilon { get; init; } = 1e-8;
    public double Sigma0 { get; init; } = 0.03;
    public double SigmaDecay { get; init; } = 0.999;

    /// <summary>Floor for σ: the gradient estimate divides by σ, so it must stay well away from zero.</summary>
    public double SigmaMin { get; init; } = 0.001;

    /// <summary>Decoupled (AdamW-style) decay of the mean towards zero, per step, scaled by the learning rate.</summary>
    public double WeightDecay { get; init; }

    public FitnessShapingKind Shaping { get; init; } = FitnessShapingKind.CenteredRanks;

    /// <summary>Largest population accepted: beyond it a generation would not fit the work-unit indexing.</summary>
    public const int MaxPopulation = 1 << 20;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first field out of range and its allowed range.</summary>
    public EsSettings Validate()
    {
        if (FindInvalid() is { } invalid)
            throw new ArgumentException($"{invalid.Field} {invalid.Problem}", invalid.Field);
        return this;
    }

    /// <summary>
    /// The first field out of range and what is wrong with it ("must be …, got …"), or null. The ranges live
    /// here only; the search configuration reports the same problems under its own key names.
    /// </summary>
    public (string Field, string Problem)? FindInvalid()
    {
        if (Population < 2 || Population % 2 != 0 || Population > MaxPopulation)
            return Invalid(nameof(Population), Population, $"an even integer in [2, {MaxPopulation}]");
        if (!(LearningRate > 0) || !double.IsFinite(LearningRate))
            return Invalid(nameof(LearningRate), LearningRate, "a finite number > 0");
        if (!(Beta1 >= 0 && Beta1 < 1)) return Invalid(nameof(Beta1), Beta1, "in [0, 1)");
        if (!(Beta2 >= 0 && Beta2 < 1)) return Invalid(nameof(Beta2), Beta2, "in [0, 1)");
        if (!(AdamEpsilon > 0) || !double.IsFinite(AdamEpsilon))
            return Invalid(nameof(AdamEpsilon), AdamEpsilon, "a finite number > 0");
        if (!(Sigma0 > 0) || !double.IsFinite(Sigma0)) return Invalid(nameof(Sigma0), Sigma0, "a finite number > 0");
        if (!(SigmaDecay > 0 && SigmaDecay <= 1)) return Invalid(nameof(SigmaDecay), SigmaDecay, "in (0, 1]");
        if (!(SigmaMin > 0 && SigmaMin <= Sigma0))
            return Invalid(nameof(SigmaMin), SigmaMin, FormattableString.Invariant($"in (0, sigma0 = {Sigma0:R}]"));
        if (!(WeightDecay >= 0 && WeightDecay < 1)) return Invalid(nameof(WeightDecay), WeightDecay, "in [0, 1)");
        if (!Enum.IsDefined(Shaping))
            return Invalid(nameof(Shaping), Shaping, "one of " + string.Join(" | ", Enum.GetNames<FitnessShapingKind>()));
        return null;
    }

    private static (string, string) Invalid(string field, object value, string allowed) =>
        (field, FormattableString.Invariant($"must be {allowed}, got {value}"));
}
