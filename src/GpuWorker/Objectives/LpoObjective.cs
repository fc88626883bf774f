using static TorchSharp.torch;

namespace EvoPo.GpuWorker.Objectives;

/// <summary>LPO: (ℓ_l − ℓ_w) − λ ℓ̄_w, SLiC-HF without the hinge, so it keeps pushing after ℓ_w &gt; ℓ_l (math.md §2).</summary>
internal sealed class LpoObjective(AgentColumns columns) : ObjectiveBase(Info, columns)
{
    public static readonly ObjectiveInfo Info = new("lpo", false, new Dictionary<string, double> { ["lambda"] = 0.1 }, [0], c => new LpoObjective(c));

    public override Tensor PairLoss(PairLogProbs p) => p.Rejected - p.Chosen - Columns["lambda"] * p.ChosenMean;
}
