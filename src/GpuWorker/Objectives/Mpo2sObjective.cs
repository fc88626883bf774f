using static TorchSharp.torch;

namespace EvoPo.GpuWorker.Objectives;

/// <summary>
/// 2S-MPO (math.md §3), trained after SFT against the frozen reference:
/// −g ℓ̄_w − ψ(σ(β L_w[φ⁻¹(p_w) − φ⁻¹(p^ref_w)] − β L_l[φ⁻¹(p_l) − φ⁻¹(p^ref_l)])), with the functions of
/// <see cref="MpoFunctions"/> (defaults: φ⁻¹ base log, ψ base log, g = 0, i.e. no SFT term). Two-step.
/// <para>
/// L (ours, <c>perTrajectory</c>): math.md writes the mirror maps on the per-step probabilities p = exp(ℓ̄ − ℓ_max),
/// which at a zero network is DPO on length-normalized log-probs (L = 1, <c>perTrajectory</c> 0). By default
/// (<c>perTrajectory</c> 1) each side's difference is scaled by its length T, a trajectory being T steps of that
/// probability; then the zero vector is DPO exactly (β T_w(ℓ̄_w − ℓ̄^ref_w) = β ρ_w), the same baseline the report
/// trains, as 1S-MPO starts at ORPO exactly.
/// </para>
/// </summary>
internal sealed class Mpo2sObjective(AgentColumns columns) : ObjectiveBase(Info, columns)
{
    public static readonly ObjectiveInfo Info = new(
        "mpo-2s", true, MpoFunctions.Defaults([("beta", 0.1), ("perTrajectory", 1)], phiBase: 0, sftWeight: 0),
        MpoLayout.Lengths, c => new Mpo2sObjective(c), Check: MpoLayout.Check);

    private readonly MpoFunctions _functions = new(columns, Info.Name);

    public override Tensor PairLoss(PairLogProbs p)
    {
        var chosen = Side(p.ChosenMean, p.ChosenReferenceMean, p.ChosenLength, p.LogProbMax);
        var rejected = Side(p.RejectedMean, p.RejectedReferenceMean, p.RejectedLength, p.LogProbMax);
        return _functions.SftTerm(p) - _functions.PsiOfSigmoid(Columns["beta"] * (chosen - rejected));
    }

    /// <summary>L [φ⁻¹(p) − φ⁻¹(p^ref)], L = 1 + perTrajectory·(T − 1).</summary>
    private Tensor Side(Tensor mean, Tensor referenceMean, Tensor length, double logProbMax)
    {
        var scale = 1 + Columns["perTrajectory"] * (length - 1);
        return scale * (_functions.InverseMirror(mean, logProbMax) - _functions.InverseMirror(referenceMean, logProbMax));
    }
}
