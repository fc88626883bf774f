using static TorchSharp.torch;

namespace EvoPo.GpuWorker.Objectives;

/// <summary>
/// MaxPO, "preference as reward" (math.md §2, reconstructed, ours): −½[w_w ℓ_w − w_l ℓ_l] − β_kl ℓ̄_sft with
/// importance weights w = sg(min(exp(ℓ − ℓ^μ), c)) self-normalized over the minibatch.
/// <para>
/// Our choices: the weights of all 2M trajectories of an agent's minibatch (chosen and rejected, both samples of
/// the behaviour agents) are normalized together to mean 1; ℓ̄_sft is ℓ̄_w (<c>sftSet</c> = 0, math.md's default)
/// or ½(ℓ̄_w + ℓ̄_l) over every offline trajectory (<c>sftSet</c> = 1). min(exp(x), c) is computed as
/// exp(min(x, log c)) and normalized in log space, so trajectory-level ratios of e^±1000 stay finite. One-step.
/// </para>
/// </summary>
internal sealed class MaxpoObjective(AgentColumns columns) : ObjectiveBase(Info, columns)
{
    public static readonly ObjectiveInfo Info = new(
        "maxpo", false, new Dictionary<string, double> { ["clip"] = 10.0, ["betaKl"] = 1.0, ["sftSet"] = 0.0 }, [0], c => new MaxpoObjective(c),
        NeedsBehaviour: true, Check: Checks);

    public override Tensor PairLoss(PairLogProbs p)
    {
        var (weightW, weightL) = ImportanceWeights(p);
        var reward = -0.5 * (weightW * p.Chosen - weightL * p.Rejected);
        var sft = p.ChosenMean + Columns["sftSet"] * (p.RejectedMean - p.ChosenMean) * 0.5;
        return reward - Columns["betaKl"] * sft;
    }

    /// <summary>
    /// sg(min(exp(ℓ − ℓ^μ), c)) for both sides <c>[K, M]</c>, normalized so each agent's 2M weights average 1. The
    /// ratios are scaled by e^-max first (which the normalization undoes): once the policy has moved, every ratio of a
    /// minibatch can underflow to 0 in exp, and 0/0 would fail the agent although the normalized weights are well defined.
    /// </summary>
    private (Tensor Chosen, Tensor Rejected) ImportanceWeights(PairLogProbs p)
    {
        using var noGrad = no_grad();
        var logClip = Columns["clip"].log();
        var chosen = (p.Chosen - p.ChosenBehaviourLogProb).minimum(logClip);
        var rejected = (p.Rejected - p.RejectedBehaviourLogProb).minimum(logClip);
        var shift = chosen.amax([1], keepdim: true).maximum(rejected.amax([1], keepdim: true));
        var (scaledW, scaledL) = ((chosen - shift).exp(), (rejected - shift).exp());
        var mean = (scaledW.sum(1, keepdim: true) + scaledL.sum(1, keepdim: true)) / (2 * p.Chosen.shape[1]);
        return (scaledW / mean, scaledL / mean);
    }

    private static string? Checks(ObjectiveSpec spec)
    {
        if (spec.Hyperparameters.TryGetValue("clip", out var c) && !(c > 0)) return $"hyperparameter 'clip' must be > 0, got {c}";
        if (spec.Hyperparameters.TryGetValue("sftSet", out var s) && s is not (0 or 1)) return $"hyperparameter 'sftSet' must be 0 (chosen) or 1 (both sides), got {s}";
        return null;
    }
}
