using static TorchSharp.torch;

namespace EvoPo.GpuWorker.Objectives;

/// <summary>
/// A per-pair loss evaluated for a group of agents at once. The group is fixed at construction (one row per
/// <see cref="ObjectiveSpec"/>, all with the same <see cref="ObjectiveCatalog.BatchKey"/>); hyperparameters and learned parameters may differ per
/// agent, so a batch of K agents can mix objectives by giving each objective the rows of its own agents.
/// </summary>
public interface IObjective : IDisposable
{
    string Name { get; }

    /// <summary>Two-step objectives are trained after an SFT phase and read reference log-probs (math.md §2).</summary>
    bool IsTwoStep { get; }

    /// <summary>How many agents (rows) this objective was built for.</summary>
    int AgentCount { get; }

    /// <summary>The per-pair loss <c>[AgentCount, M]</c> for <paramref name="pairs"/> given in the group's row order.</summary>
    Tensor PairLoss(PairLogProbs pairs);
}
