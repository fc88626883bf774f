using static TorchSharp.torch;
using static TorchSharp.torch.nn.functional;

namespace EvoPo.GpuWorker.Objectives;

/// <summary>DPO: −log σ(β(ρ_w − ρ_l)) (math.md §2). Two-step.</summary>
internal sealed class DpoObjective(AgentColumns columns) : ObjectiveBase(Info, columns)
{
    public static readonly ObjectiveInfo Info = new("dpo", true, new Dictionary<string, double> { ["beta"] = 0.1 }, [0], c => new DpoObjective(c));

    public override Tensor PairLoss(PairLogProbs p) => -logsigmoid(Columns["beta"] * (p.ChosenRatio - p.RejectedRatio));
}
