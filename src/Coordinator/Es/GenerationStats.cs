namespace EvoPo.Coordinator.Es;

/// <summary>
/// What one generation's fitness looked like. Mean, max, min and std (population std) are over the finite
/// values only, and NaN when there were none; <see cref="BestIndex"/> is then −1.
/// </summary>
/// <param name="Generation">The generation these candidates belonged to.</param>
/// <param name="FailedCount">Candidates whose fitness was NaN or ±∞ (failed units report NaN).</param>
/// <param name="BestIndex">Lowest candidate index holding the maximum.</param>
public sealed record GenerationStats(
    int Generation,
    double Mean,
    double Max,
    double Min,
    double Std,
    int FailedCount,
    int BestIndex);
