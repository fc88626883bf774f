using static TorchSharp.torch;

namespace EvoPo.GpuWorker.Objectives;

/// <summary>SFT: −ℓ̄_w (math.md §2). Also the first phase of every two-step objective.</summary>
internal sealed class SftObjective(AgentColumns columns) : ObjectiveBase(Info, columns)
{
    public static readonly ObjectiveInfo Info = new("sft", false, new Dictionary<string, double>(), [0], c => new SftObjective(c));

    public override Tensor PairLoss(PairLogProbs p) => -p.ChosenMean;
}
