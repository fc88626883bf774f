namespace EvoPo.Simulation.Policies;

/// <summary>
/// Names and bounds of the <see cref="PolicyDistribution"/>s: ℓ_max (math.md §1) lives here and nowhere else, so
/// trainer, CLI and report agree on it for each distribution.
/// </summary>
public static class PolicyDistributions
{
    public const string GaussianName = "gaussian";
    public const string TanhGaussianName = "tanh-gaussian";

    public static IReadOnlyList<string> Names { get; } = [GaussianName, TanhGaussianName];

    public static string Name(PolicyDistribution distribution) => distribution switch
    {
        PolicyDistribution.Gaussian => GaussianName,
        PolicyDistribution.TanhGaussian => TanhGaussianName,
        _ => throw new ArgumentOutOfRangeException(nameof(distribution), distribution, "unknown policy distribution"),
    };

    public static bool TryParse(string? name, out PolicyDistribution distribution)
    {
        distribution = name switch
        {
            GaussianName => PolicyDistribution.Gaussian,
            TanhGaussianName => PolicyDistribution.TanhGaussian,
            _ => (PolicyDistribution)(-1),
        };
        return (int)distribution >= 0;
    }

    /// <summary>
    /// ℓ_max, the largest per-step log-density: the Gaussian factor peaks at −log(σ_min·√(2π)) per dimension; the
    /// tanh Jacobian −log(1 − tanh²u) grows with |u|, and is largest at the clamp |u| = <see cref="TanhSquash.UMax"/>,
    /// which every stored and scored sample respects. Their sum bounds every log π a squashed policy gives.
    /// </summary>
    public static double LogProbMax(PolicyDistribution distribution, double stdMin, int actDim)
    {
        if (!(stdMin > 0)) throw new ArgumentOutOfRangeException(nameof(stdMin), stdMin, "stdMin must be positive");
        var gaussian = -actDim * (Math.Log(stdMin) + 0.5 * Math.Log(2 * Math.PI));
        return distribution == PolicyDistribution.TanhGaussian
            ? gaussian - actDim * TanhSquash.LogJacobian(TanhSquash.UMax)
            : gaussian;
    }

    /// <summary>Refuses to score one distribution's samples under the other: a stored u means different actions under each.</summary>
    public static void RequireSame(PolicyDistribution data, string dataName, PolicyDistribution policy, string policyName)
    {
        if (data != policy)
            throw new PolicyDistributionMismatchException(
                $"{dataName} is {Name(data)} but {policyName} is {Name(policy)}: a stored action u is executed as u by a gaussian " +
                $"policy and as tanh(u) by a tanh-gaussian one, so each must be scored under its own distribution");
    }
}
