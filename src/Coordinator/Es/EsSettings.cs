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
        if (Population < 2 || Population % 2 != 0 || Population > MaxPopulation)
            throw Invalid(nameof(Population), Population, $"an even integer in [2, {MaxPopulation}]");
        if (!(LearningRate > 0) || !double.IsFinite(LearningRate))
            throw Invalid(nameof(LearningRate), LearningRate, "a finite number > 0");
        if (!(Beta1 >= 0 && Beta1 < 1)) throw Invalid(nameof(Beta1), Beta1, "[0, 1)");
        if (!(Beta2 >= 0 && Beta2 < 1)) throw Invalid(nameof(Beta2), Beta2, "[0, 1)");
        if (!(AdamEpsilon > 0) || !double.IsFinite(AdamEpsilon))
            throw Invalid(nameof(AdamEpsilon), AdamEpsilon, "a finite number > 0");
        if (!(Sigma0 > 0) || !double.IsFinite(Sigma0)) throw Invalid(nameof(Sigma0), Sigma0, "a finite number > 0");
        if (!(SigmaDecay > 0 && SigmaDecay <= 1)) throw Invalid(nameof(SigmaDecay), SigmaDecay, "(0, 1]");
        if (!(SigmaMin > 0 && SigmaMin <= Sigma0))
            throw Invalid(nameof(SigmaMin), SigmaMin, $"(0, Sigma0 = {Sigma0.ToString("R", System.Globalization.CultureInfo.InvariantCulture)}]");
        if (!(WeightDecay >= 0 && WeightDecay < 1)) throw Invalid(nameof(WeightDecay), WeightDecay, "[0, 1)");
        if (!Enum.IsDefined(Shaping)) throw Invalid(nameof(Shaping), Shaping, string.Join(" | ", Enum.GetNames<FitnessShapingKind>()));
        return this;
    }

    private static ArgumentException Invalid(string field, object value, string allowed) =>
        new(FormattableString.Invariant($"{field} must be {allowed}, got {value}."), field);
}
