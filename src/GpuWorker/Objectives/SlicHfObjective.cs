using static TorchSharp.torch;

namespace EvoPo.GpuWorker.Objectives;

/// <summary>SLiC-HF: max(0, δ − ℓ_w + ℓ_l) − λ ℓ̄_w (math.md §2).</summary>
internal sealed class SlicHfObjective(AgentColumns columns) : ObjectiveBase(Info, columns)
{
    public static readonly ObjectiveInfo Info = new("slic-hf", false, new Dictionary<string, double> { ["delta"] = 1.0, ["lambda"] = 0.1 }, [0], c => new SlicHfObjective(c));

    public override Tensor PairLoss(PairLogProbs p) =>
        (Columns["delta"] - p.Chosen + p.Rejected).relu() - Columns["lambda"] * p.ChosenMean;
}
