using static TorchSharp.torch;

namespace EvoPo.GpuWorker.Objectives;

/// <summary>
/// CoLPO (math.md §2, reconstructed, ours): −λ ℓ̄_w + 1[ℓ̄_w ≥ log δ] · β(ℓ̄_l − ℓ̄_w). LPO's linear push, switched
/// on only while the chosen trajectory stays likely, so the optimizer cannot widen the gap by lowering both. The
/// gate reads ℓ̄_w as math.md writes it (the per-step log-density, not log p) and carries no gradient.
/// </summary>
internal sealed class ColpoObjective(AgentColumns columns) : ObjectiveBase(Info, columns)
{
    public static readonly ObjectiveInfo Info = new(
        "colpo", false, new Dictionary<string, double> { ["beta"] = 1.0, ["lambda"] = 1.0, ["delta"] = 0.05 }, [0], c => new ColpoObjective(c),
        Check: s => s.Hyperparameters.TryGetValue("delta", out var d) && !(d > 0) ? $"hyperparameter 'delta' must be > 0, got {d}" : null);

    public override Tensor PairLoss(PairLogProbs p)
    {
        var gate = (p.ChosenMean.detach() >= Columns["delta"].log()).to(p.Chosen.dtype);
        return -Columns["lambda"] * p.ChosenMean + gate * Columns["beta"] * (p.RejectedMean - p.ChosenMean);
    }
}
