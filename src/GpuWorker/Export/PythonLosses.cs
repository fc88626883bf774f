using EvoPo.GpuWorker.Objectives;

namespace EvoPo.GpuWorker.Export;

/// <summary>
/// Every catalog objective as Python (<see cref="PythonLoss"/>), each body the transliteration of its file in
/// <c>src/GpuWorker/Objectives</c>; the MPO functions it calls are <see cref="PythonMpo"/>'s.
/// </summary>
public static class PythonLosses
{
    private const string DpoMargin = "BETA * ((chosen - chosen_ref) - (rejected - rejected_ref))";

    private static readonly Dictionary<string, PythonLoss> ByName = new(StringComparer.Ordinal)
    {
        ["sft"] = new("−ℓ̄_w", ["return -chosen_mean"]),
        ["dpo"] = new("−log σ(β(ρ_w − ρ_l))", [$"return -F.logsigmoid({DpoMargin})"]),
        ["ipo"] = new("(ρ_w/T_w − ρ_l/T_l − 1/(2τ))²",
            ["return ((chosen - chosen_ref) / chosen_lengths - (rejected - rejected_ref) / rejected_lengths - 1.0 / (2.0 * TAU)).square()"]),
        ["rdpo"] = new("−log σ(β(ρ_w − ρ_l) + α(T_w − T_l))", [$"return -F.logsigmoid({DpoMargin} + ALPHA * (chosen_lengths - rejected_lengths))"]),
        ["cpo"] = new("−log σ(β(ℓ_w − ℓ_l)) − λ ℓ̄_w", ["return -F.logsigmoid(BETA * (chosen - rejected)) - LAMBDA * chosen_mean"]),
        ["orpo"] = new("−ℓ̄_w − λ log σ(logit p_w − logit p_l), p = exp(ℓ̄ − ℓ_max)",
        [
            "logit_w = _logit(_log_p(chosen_mean, log_prob_max))",
            "logit_l = _logit(_log_p(rejected_mean, log_prob_max))",
            "return -chosen_mean - LAMBDA * F.logsigmoid(logit_w - logit_l)",
        ], ReadsLogProbMax: true),
        ["simpo"] = new("−log σ(β ℓ̄_w − β ℓ̄_l − γ)", ["return -F.logsigmoid(BETA * chosen_mean - BETA * rejected_mean - GAMMA)"]),
        ["rrhf"] = new("max(0, ℓ̄_l − ℓ̄_w) − λ ℓ̄_w", ["return (rejected_mean - chosen_mean).relu() - LAMBDA * chosen_mean"]),
        ["slic-hf"] = new("max(0, δ − ℓ_w + ℓ_l) − λ ℓ̄_w", ["return (DELTA - chosen + rejected).relu() - LAMBDA * chosen_mean"]),
        ["lpo"] = new("(ℓ_l − ℓ_w) − λ ℓ̄_w", ["return rejected - chosen - LAMBDA * chosen_mean"]),
        ["colpo"] = new("−λ ℓ̄_w + 1[ℓ̄_w ≥ log δ] β(ℓ̄_l − ℓ̄_w), the gate carrying no gradient",
        [
            "gate = (chosen_mean.detach() >= math.log(DELTA)).to(dtype)",
            "return -LAMBDA * chosen_mean + gate * BETA * (rejected_mean - chosen_mean)",
        ]),
        ["maxpo"] = new("−½[w_w ℓ_w − w_l ℓ_l] − β_kl ℓ̄_sft, w = sg(min(exp(ℓ − ℓ^μ), c)) normalized to mean 1 over the batch's 2M trajectories",
        [
            "with torch.no_grad():",
            "    # min(exp(ℓ − ℓ^μ), c) as exp(min(ℓ − ℓ^μ, log c)), scaled by e^-max before normalizing (which undoes it),",
            "    # so ratios of e^±1000 stay finite and a batch whose ratios all underflow still gets its weights.",
            "    log_clip = math.log(CLIP)",
            "    ratio_w = (chosen - chosen_behaviour).clamp_max(log_clip)",
            "    ratio_l = (rejected - rejected_behaviour).clamp_max(log_clip)",
            "    shift = torch.maximum(ratio_w.max(), ratio_l.max())",
            "    scaled_w, scaled_l = (ratio_w - shift).exp(), (ratio_l - shift).exp()",
            "    mean = (scaled_w.sum() + scaled_l.sum()) / (2 * chosen.shape[0])",
            "    weight_w, weight_l = scaled_w / mean, scaled_l / mean",
            "reward = -0.5 * (weight_w * chosen - weight_l * rejected)",
            "sft = chosen_mean + SFT_SET * (rejected_mean - chosen_mean) * 0.5",
            "return reward - BETA_KL * sft",
        ]),
        ["mpo-1s"] = new("−g ℓ̄_w − λ ψ(σ(β[φ⁻¹(p_w) − φ⁻¹(p_l)])), β = marginScale",
        [
            "margin = MARGIN_SCALE * (_phi_inverse(chosen_mean, log_prob_max, params) - _phi_inverse(rejected_mean, log_prob_max, params))",
            "return _sft_term(chosen_mean, log_prob_max, params) - LAMBDA * _psi_of_sigmoid(margin, params)",
        ], ReadsLogProbMax: true),
        ["mpo-2s"] = new("−g ℓ̄_w − ψ(σ(β L_w[φ⁻¹(p_w) − φ⁻¹(p^ref_w)] − β L_l[φ⁻¹(p_l) − φ⁻¹(p^ref_l)])), L = 1 + perTrajectory·(T − 1)",
        [
            "side_w = (1 + PER_TRAJECTORY * (chosen_lengths - 1)) * (",
            "    _phi_inverse(chosen_mean, log_prob_max, params) - _phi_inverse(chosen_ref / chosen_lengths, log_prob_max, params))",
            "side_l = (1 + PER_TRAJECTORY * (rejected_lengths - 1)) * (",
            "    _phi_inverse(rejected_mean, log_prob_max, params) - _phi_inverse(rejected_ref / rejected_lengths, log_prob_max, params))",
            "return _sft_term(chosen_mean, log_prob_max, params) - _psi_of_sigmoid(BETA * (side_w - side_l), params)",
        ], ReadsLogProbMax: true),
    };

    /// <summary>The names that have a Python form: every catalog objective (a test holds them equal).</summary>
    public static IReadOnlyCollection<string> Names => ByName.Keys;

    /// <summary>The objective's Python form; throws <see cref="ArgumentException"/> for a name without one.</summary>
    public static PythonLoss For(string name) =>
        ByName.TryGetValue(name, out var loss)
            ? loss
            : throw new ArgumentException($"objective '{name}' has no PyTorch export; exportable: {string.Join(", ", ByName.Keys)}", nameof(name));

    /// <summary>Whether the objective's loss is a learned MPO one, whose Python needs <see cref="PythonMpo"/>'s functions.</summary>
    public static bool IsMpo(string name) => ObjectiveCatalog.ParameterLengths(name).Any(l => l > 0);
}
