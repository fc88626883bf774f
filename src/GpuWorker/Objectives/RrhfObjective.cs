using static TorchSharp.torch;

namespace EvoPo.GpuWorker.Objectives;

/// <summary>RRHF: max(0, ℓ̄_l − ℓ̄_w) − λ ℓ̄_w (math.md §2).</summary>
internal sealed class RrhfObjective(AgentColumns columns) : ObjectiveBase(Info, columns)
{
    public static readonly ObjectiveInfo Info = new("rrhf", false, new Dictionary<string, double> { ["lambda"] = 1.0 }, [0], c => new RrhfObjective(c));

    public override Tensor PairLoss(PairLogProbs p) => (p.RejectedMean - p.ChosenMean).relu() - Columns["lambda"] * p.ChosenMean;
}
