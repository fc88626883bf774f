using static TorchSharp.torch;

namespace EvoPo.GpuWorker.Objectives;

/// <summary>IPO: (ρ̄_w − ρ̄_l − 1/(2τ))² on length-normalized ratios (math.md §2). Two-step.</summary>
internal sealed class IpoObjective(AgentColumns columns) : ObjectiveBase(Info, columns)
{
    public static readonly ObjectiveInfo Info = new("ipo", true, new Dictionary<string, double> { ["tau"] = 0.1 }, [0], c => new IpoObjective(c));

    public override Tensor PairLoss(PairLogProbs p) =>
        (p.ChosenRatio / p.ChosenLength - p.RejectedRatio / p.RejectedLength - 1.0 / (2.0 * Columns["tau"])).square();
}
