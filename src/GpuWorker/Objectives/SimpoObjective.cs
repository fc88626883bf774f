using static TorchSharp.torch;
using static TorchSharp.torch.nn.functional;

namespace EvoPo.GpuWorker.Objectives;

/// <summary>SimPO: −log σ(β ℓ̄_w − β ℓ̄_l − γ) (math.md §2).</summary>
internal sealed class SimpoObjective(AgentColumns columns) : ObjectiveBase(Info, columns)
{
    public static readonly ObjectiveInfo Info = new("simpo", false, new Dictionary<string, double> { ["beta"] = 2.0, ["gamma"] = 0.5 }, [0], c => new SimpoObjective(c));

    public override Tensor PairLoss(PairLogProbs p) =>
        -logsigmoid(Columns["beta"] * p.ChosenMean - Columns["beta"] * p.RejectedMean - Columns["gamma"]);
}
