namespace EvoPo.Coordinator.Config;

/// <summary><c>training</c>: the inner loop that trains one agent per candidate objective.</summary>
public sealed record TrainingConfig
{
    public int Epochs { get; init; } = 4;

    /// <summary>SFT epochs before the preference loss (two-step objectives).</summary>
    public int SftEpochs { get; init; }

    public int MinibatchPairs { get; init; } = 8;

    public double LearningRate { get; init; } = 0.001;

    public double MaxGradNorm { get; init; } = 1.3;

    internal void Validate()
    {
        ConfigChecks.InRange("training.epochs", Epochs, 1, 10_000);
        ConfigChecks.InRange("training.sftEpochs", SftEpochs, 0, 10_000);
        ConfigChecks.InRange("training.minibatchPairs", MinibatchPairs, 1, 1_000_000);
        ConfigChecks.Positive("training.learningRate", LearningRate);
        ConfigChecks.Positive("training.maxGradNorm", MaxGradNorm);
    }
}
