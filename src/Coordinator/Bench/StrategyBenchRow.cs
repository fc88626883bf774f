namespace EvoPo.Coordinator.Bench;

/// <summary>One strategy on one function and dimension, over several seeds.</summary>
/// <param name="Evaluations">Per seed, evaluations to the target; null where the budget ran out first.</param>
/// <param name="Best">Per seed, the best f seen.</param>
public sealed record StrategyBenchRow(string Strategy, string Function, int Dimension, int Budget, double Target, int?[] Evaluations, double[] Best)
{
    public int Hits => Evaluations.Count(e => e is not null);

    /// <summary>Median evaluations to the target, counting a miss as worse than any hit; null when half or more missed.</summary>
    public int? MedianEvaluations
    {
        get
        {
            var sorted = Evaluations.Select(e => e ?? int.MaxValue).Order().ToArray();
            var median = sorted[(sorted.Length - 1) / 2];
            return median == int.MaxValue ? null : median;
        }
    }

    public double MedianBest => Best.Order().ElementAt((Best.Length - 1) / 2);
}
