using static TorchSharp.torch;

namespace EvoPo.GpuWorker.Objectives;

/// <summary>
/// The per-step "probability" of math.md §1, p = exp(ℓ̄ − ℓ_max), handled in log space: for realistic policies
/// log p is tens of nats below zero, where 1 − p rounds to 1 and a naive logit loses everything.
/// </summary>
public static class ProbabilityDomain
{
    /// <summary>
    /// log p is capped just below 0: p = 1 needs a policy at its std floor placing the action exactly on its mean,
    /// and there log(1 − p) = −∞; the cap keeps ORPO/MPO finite at that boundary and changes nothing elsewhere.
    /// </summary>
    public const double MaxLogP = -1e-6;

    public static Tensor LogP(Tensor meanLogProb, double logProbMax) => (meanLogProb - logProbMax).clamp_max(MaxLogP);

    /// <summary>logit p = log p − log(1 − p), with log(1 − p) = log(−expm1(log p)), accurate for every log p &lt; 0.</summary>
    public static Tensor Logit(Tensor logP) => logP - (-logP.expm1()).log();
}
