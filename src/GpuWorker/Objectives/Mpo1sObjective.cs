using static TorchSharp.torch;

namespace EvoPo.GpuWorker.Objectives;

/// <summary>
/// 1S-MPO (math.md §3): −g ℓ̄_w − λ ψ(σ(β[φ⁻¹(p_w) − φ⁻¹(p_l)])), β = <c>marginScale</c> (default 1), with the functions of <see cref="MpoFunctions"/>
/// (defaults: φ⁻¹ base logit, ψ base log, g = 1), the learned ones in the <see cref="MpoLayout"/> order. The zero
/// vector with β = 1 is ORPO exactly. One-step.
/// <para>
/// β (ours, math.md §3): per-step log-prob margins of continuous policies are tens to hundreds of nats, where log σ
/// is linear or flat and no increasing N can change which pairs matter; β &lt; 1 brings the sigmoid's arguments to
/// where its curvature, and so ψ and φ⁻¹, act.
/// </para>
/// <para>
/// The networks read the tempered probability x = p^(1/T) (hyperparameter <c>inputTemperature</c>, T = 1 is
/// math.md as written) (ours): trajectory probabilities p = exp(ℓ̄ − ℓ_max) are e^-5..e^-10 for real policies,
/// where any network of p is flat and N(p_w) − N(p_l) vanishes; x is still increasing in p, so φ⁻¹ stays
/// monotone and the zero network is still ORPO, but its inputs spread over (0, 1).
/// </para>
/// </summary>
internal sealed class Mpo1sObjective(AgentColumns columns) : ObjectiveBase(Info, columns)
{
    public static readonly ObjectiveInfo Info = new(
        "mpo-1s", false, MpoFunctions.Defaults([("lambda", 0.1), ("marginScale", 1.0)], phiBase: 1, sftWeight: 1),
        MpoLayout.Lengths, c => new Mpo1sObjective(c), Check: MpoLayout.Check);

    private readonly MpoFunctions _functions = new(columns, Info.Name);

    public override Tensor PairLoss(PairLogProbs p)
    {
        var margin = Columns["marginScale"] * (_functions.InverseMirror(p.ChosenMean, p.LogProbMax) - _functions.InverseMirror(p.RejectedMean, p.LogProbMax));
        return _functions.SftTerm(p) - Columns["lambda"] * _functions.PsiOfSigmoid(margin);
    }
}
