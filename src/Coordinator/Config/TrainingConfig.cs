namespace EvoPo.Coordinator.Config;

/// <summary><c>training</c>: the inner loop that trains one agent per candidate objective.</summary>
public sealed record TrainingConfig
{
    public const int MaxSeedsPerCandidate = 64;

    public int Epochs { get; init; } = 4;

    /// <summary>SFT epochs before the preference loss (two-step objectives).</summary>
    public int SftEpochs { get; init; }

    public int MinibatchPairs { get; init; } = 8;

    public double LearningRate { get; init; } = 0.001;

    public double MaxGradNorm { get; init; } = 1.3;

    /// <summary>
    /// Training seeds per candidate: each candidate trains this many agents, one per seed of the generation (shared
    /// by all candidates), and its fitness is their mean. 1 is the seed paper's setting.
    /// </summary>
    [OmitWhenDefault]
    public int SeedsPerCandidate { get; init; } = 1;

    internal void Validate()
    {
        ConfigChecks.InRange("training.epochs", Epochs, 1, 10_000);
        ConfigChecks.InRange("training.sftEpochs", SftEpochs, 0, 10_000);
        ConfigChecks.InRange("training.minibatchPairs", MinibatchPairs, 1, 1_000_000);
        ConfigChecks.Positive("training.learningRate", LearningRate);
        ConfigChecks.Positive("training.maxGradNorm", MaxGradNorm);
        ConfigChecks.InRange("training.seedsPerCandidate", SeedsPerCandidate, 1, MaxSeedsPerCandidate);
    }
}
