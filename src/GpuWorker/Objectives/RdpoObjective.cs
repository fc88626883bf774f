using static TorchSharp.torch;
using static TorchSharp.torch.nn.functional;

namespace EvoPo.GpuWorker.Objectives;

/// <summary>R-DPO: −log σ(β(ρ_w − ρ_l) + α(T_w − T_l)) (math.md §2). Two-step.</summary>
internal sealed class RdpoObjective(AgentColumns columns) : ObjectiveBase(Info, columns)
{
    public static readonly ObjectiveInfo Info = new("rdpo", true, new Dictionary<string, double> { ["beta"] = 0.1, ["alpha"] = 0.01 }, [0], c => new RdpoObjective(c));

    public override Tensor PairLoss(PairLogProbs p) =>
        -logsigmoid(Columns["beta"] * (p.ChosenRatio - p.RejectedRatio) + Columns["alpha"] * (p.ChosenLength - p.RejectedLength));
}
