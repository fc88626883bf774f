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
    int BestIndex)
{
    /// <summary>Fitness statistics over finite values; non-finite fitness counts as failed.</summary>
    public static GenerationStats Of(int generation, ReadOnlySpan<double> fitness)
    {
        var (count, mean, std, min) = FitnessShaping.FiniteMoments(fitness);
        var max = double.NaN;
        var bestIndex = -1;
        for (var i = 0; i < fitness.Length; i++)
        {
            if (!double.IsFinite(fitness[i])) continue;
            if (bestIndex < 0 || fitness[i] > max)
            {
                max = fitness[i];
                bestIndex = i;
            }
        }
        return new GenerationStats(generation, mean, max, min, std, fitness.Length - count, bestIndex);
    }
}
