using static TorchSharp.torch;
using static TorchSharp.torch.nn.functional;

namespace EvoPo.GpuWorker.Objectives;

/// <summary>CPO: −log σ(β(ℓ_w − ℓ_l)) − λ ℓ̄_w (math.md §2).</summary>
internal sealed class CpoObjective(AgentColumns columns) : ObjectiveBase(Info, columns)
{
    public static readonly ObjectiveInfo Info = new("cpo", false, new Dictionary<string, double> { ["beta"] = 0.1, ["lambda"] = 1.0 }, [0], c => new CpoObjective(c));

    public override Tensor PairLoss(PairLogProbs p) =>
        -logsigmoid(Columns["beta"] * (p.Chosen - p.Rejected)) - Columns["lambda"] * p.ChosenMean;
}
