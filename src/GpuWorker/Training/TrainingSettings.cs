namespace EvoPo.GpuWorker.Training;

/// <summary>
/// Inner-loop settings; defaults are the seed paper's MuJoCo values (math.md §5): one-step objectives train
/// <see cref="Epochs"/> = 12 epochs; two-step objectives train <see cref="SftEpochs"/> = 10 epochs of SFT and
/// then <see cref="TwoStepEpochs"/> = 2 epochs of their preference loss, so both classes get the same budget.
/// Adam restarts from zero moments when a two-step agent switches from SFT to its preference loss
/// (<see cref="ResetAdamAfterSft"/>), as a fresh optimizer per phase would.
/// </summary>
public sealed record TrainingSettings(
    int Epochs = 12,
    int SftEpochs = 10,
    int TwoStepEpochs = 2,
    int MinibatchPairs = 2,
    double LearningRate = 1e-3,
    double MaxGradNorm = 1.3,
    double AdamBeta1 = 0.9,
    double AdamBeta2 = 0.999,
    double AdamEpsilon = 1e-8,
    bool ResetAdamAfterSft = true,
    string Device = "cpu",
    bool Float64 = false,
    int ReferenceChunkPairs = 256)
{
    public void Validate()
    {
        if (Epochs < 0) throw new ArgumentException($"{nameof(Epochs)} must be ≥ 0, got {Epochs}");
        if (SftEpochs < 0) throw new ArgumentException($"{nameof(SftEpochs)} must be ≥ 0, got {SftEpochs}");
        if (TwoStepEpochs < 0) throw new ArgumentException($"{nameof(TwoStepEpochs)} must be ≥ 0, got {TwoStepEpochs}");
        if (MinibatchPairs <= 0) throw new ArgumentException($"{nameof(MinibatchPairs)} must be > 0, got {MinibatchPairs}");
        if (!(LearningRate > 0)) throw new ArgumentException($"{nameof(LearningRate)} must be > 0, got {LearningRate}");
        if (!(MaxGradNorm > 0)) throw new ArgumentException($"{nameof(MaxGradNorm)} must be > 0 (use +∞ for no clipping), got {MaxGradNorm}");
        if (AdamBeta1 is < 0 or >= 1) throw new ArgumentException($"{nameof(AdamBeta1)} must be in [0, 1), got {AdamBeta1}");
        if (AdamBeta2 is < 0 or >= 1) throw new ArgumentException($"{nameof(AdamBeta2)} must be in [0, 1), got {AdamBeta2}");
        if (!(AdamEpsilon > 0)) throw new ArgumentException($"{nameof(AdamEpsilon)} must be > 0, got {AdamEpsilon}");
        if (ReferenceChunkPairs <= 0) throw new ArgumentException($"{nameof(ReferenceChunkPairs)} must be > 0, got {ReferenceChunkPairs}");
    }
}
