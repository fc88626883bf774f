namespace EvoPo.Simulation.Datasets;

/// <summary>
/// Everything that determines a preference dataset besides the two agents and the task. A "bad judge" is
/// any variant with a high JudgeTemperature; temperature 0 makes the judge always prefer the higher return.
/// </summary>
public sealed record DatasetSpec(int Pairs, DatasetVariant Variant, double NoiseEpsilon, double JudgeTemperature, ulong Seed, bool StochasticRollouts = true)
{
    public void Validate()
    {
        if (Pairs <= 0) throw new ArgumentOutOfRangeException(nameof(Pairs), Pairs, "Pairs must be positive");
        if (!Enum.IsDefined(Variant)) throw new ArgumentOutOfRangeException(nameof(Variant), Variant, "unknown variant");
        if (!(NoiseEpsilon >= 0 && NoiseEpsilon <= 1)) throw new ArgumentOutOfRangeException(nameof(NoiseEpsilon), NoiseEpsilon, "NoiseEpsilon must be in [0, 1]");
        if (Variant != DatasetVariant.Noisy && NoiseEpsilon != 0)
            throw new ArgumentException($"NoiseEpsilon is {NoiseEpsilon} but only the Noisy variant flips labels", nameof(NoiseEpsilon));
        if (!(JudgeTemperature >= 0) || double.IsInfinity(JudgeTemperature))
            throw new ArgumentOutOfRangeException(nameof(JudgeTemperature), JudgeTemperature, "JudgeTemperature must be finite and ≥ 0");
    }
}
