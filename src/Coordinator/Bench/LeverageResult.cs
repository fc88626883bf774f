namespace EvoPo.Coordinator.Bench;

/// <summary>
/// One <c>evopo bench leverage</c> measurement: generation 0's candidate fitness (shared training seed), the search
/// start's fitness over several training seeds, each candidate's gradient turn (<see cref="LeverageBench.GradientTurn"/>),
/// and the margins the networks meet before and after training the search start.
/// </summary>
public sealed record LeverageResult(
    double[] CandidateFitness, double[] SeedFitness, double[] GradientTurn, Margins Before, Margins After, double Seconds)
{
    /// <summary>Std of fitness across the candidates (shared seed): what the objective moves.</summary>
    public double CandidateSpread => Std(CandidateFitness);

    /// <summary>Std of the search start's fitness across training seeds: what luck moves.</summary>
    public double SeedSpread => Std(SeedFitness);

    /// <summary>Candidate spread over seed spread; the search has leverage when it is at least 1.</summary>
    public double Leverage => CandidateSpread / SeedSpread;

    public bool HasLeverage(double threshold) => Leverage >= threshold;

    /// <summary>Sample standard deviation of the finite values (NaN when fewer than two).</summary>
    public static double Std(IEnumerable<double> values)
    {
        var finite = values.Where(double.IsFinite).ToArray();
        if (finite.Length < 2) return double.NaN;
        var mean = finite.Average();
        return Math.Sqrt(finite.Sum(x => (x - mean) * (x - mean)) / (finite.Length - 1));
    }
}
