using static TorchSharp.torch;

namespace EvoPo.GpuWorker.Objectives;

/// <summary>
/// The quantities every per-pair loss is written in (math.md §1), each a <c>[K, M]</c> tensor: K agents,
/// M pairs of each agent's minibatch. <see cref="Chosen"/>/<see cref="Rejected"/> are ℓ_w/ℓ_l (log-probs
/// summed over valid steps), the lengths are T_w/T_l as floating tensors, the references are ℓ^ref under the
/// frozen post-SFT policy (only two-step objectives read them), and <see cref="LogProbMax"/> is ℓ_max, the
/// largest per-step log-density, which maps log-densities into the probability domain. The behaviour log-probs
/// are ℓ^μ, each trajectory's log-prob under the agent that generated it (data, summed over valid steps); only
/// objectives that importance-weight (MaxPO) read them, so callers of the others may leave them out.
/// </summary>
public sealed record PairLogProbs(
    Tensor Chosen,
    Tensor Rejected,
    Tensor ChosenLength,
    Tensor RejectedLength,
    Tensor? ChosenReference,
    Tensor? RejectedReference,
    double LogProbMax,
    Tensor? ChosenBehaviour = null,
    Tensor? RejectedBehaviour = null)
{
    /// <summary>ℓ̄_w = ℓ_w / T_w.</summary>
    public Tensor ChosenMean => Chosen / ChosenLength;

    /// <summary>ℓ̄_l = ℓ_l / T_l.</summary>
    public Tensor RejectedMean => Rejected / RejectedLength;

    /// <summary>ρ_w = ℓ_w − ℓ^ref_w.</summary>
    public Tensor ChosenRatio => Chosen - (ChosenReference ?? throw MissingReference());

    /// <summary>ρ_l = ℓ_l − ℓ^ref_l.</summary>
    public Tensor RejectedRatio => Rejected - (RejectedReference ?? throw MissingReference());

    /// <summary>ℓ̄^ref_w = ℓ^ref_w / T_w.</summary>
    public Tensor ChosenReferenceMean => (ChosenReference ?? throw MissingReference()) / ChosenLength;

    /// <summary>ℓ̄^ref_l = ℓ^ref_l / T_l.</summary>
    public Tensor RejectedReferenceMean => (RejectedReference ?? throw MissingReference()) / RejectedLength;

    /// <summary>ℓ^μ_w.</summary>
    public Tensor ChosenBehaviourLogProb => ChosenBehaviour ?? throw MissingBehaviour();

    /// <summary>ℓ^μ_l.</summary>
    public Tensor RejectedBehaviourLogProb => RejectedBehaviour ?? throw MissingBehaviour();

    /// <summary>The rows of the given agents, so an objective sees only the agents that use it.</summary>
    public PairLogProbs SelectAgents(Tensor rows) => new(
        Chosen.index_select(0, rows),
        Rejected.index_select(0, rows),
        ChosenLength.index_select(0, rows),
        RejectedLength.index_select(0, rows),
        ChosenReference?.index_select(0, rows),
        RejectedReference?.index_select(0, rows),
        LogProbMax,
        ChosenBehaviour?.index_select(0, rows),
        RejectedBehaviour?.index_select(0, rows));

    private static InvalidOperationException MissingReference() =>
        new("this objective needs reference log-probs (a two-step objective), but none were supplied");

    private static InvalidOperationException MissingBehaviour() =>
        new("this objective needs behaviour log-probs ℓ^μ (an importance-weighted objective), but none were supplied");
}
