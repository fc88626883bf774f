using EvoPo.Simulation.Policies;

namespace EvoPo.GpuWorker.Training;

/// <summary>
/// The trainer's input dataset: pair i is (Chosen[i], Rejected[i]), whose actions were stored by policies of
/// <see cref="Distribution"/>. The lead adapts Simulation's PreferenceDataset to this.
/// </summary>
public sealed record PreferencePairs(TrajectoryArrays Chosen, TrajectoryArrays Rejected, PolicyDistribution Distribution = PolicyDistribution.Gaussian)
{
    public int Count => Chosen.Count;

    /// <summary>Both sides carry behaviour log-probs ℓ^μ, so importance-weighted objectives (MaxPO) can train.</summary>
    public bool HasBehaviourLogProbs => Chosen.BehaviourLogProbs is not null && Rejected.BehaviourLogProbs is not null;

    /// <exception cref="PolicyDistributionMismatchException">The policy would score the stored actions under another distribution.</exception>
    public void Validate(PolicySpec policy)
    {
        PolicyDistributions.RequireSame(Distribution, "the dataset", policy.Distribution, "the policy to train (the start agent)");
        Chosen.Validate("chosen");
        Rejected.Validate("rejected");
        if (Chosen.Count != Rejected.Count)
            throw new ArgumentException($"{Chosen.Count} chosen but {Rejected.Count} rejected trajectories");
        foreach (var (side, block) in new[] { ("chosen", Chosen), ("rejected", Rejected) })
            if (block.ObsDim != policy.ObsDim || block.ActDim != policy.ActDim)
                throw new ArgumentException($"{side}: obs/act dims {block.ObsDim}/{block.ActDim} do not match the policy's {policy.ObsDim}/{policy.ActDim}");
    }
}
