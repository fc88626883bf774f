using System.Globalization;
using EvoPo.GpuWorker.Objectives;

namespace EvoPo.GpuWorker.Export;

/// <summary>
/// The Python of the probability domain (<see cref="ProbabilityDomain"/>) and of the MPO functions
/// (<see cref="MpoFunctions"/>, <see cref="MonotoneNetwork"/>), transliterated operation by operation, one Python
/// function per string. A learned function adds its network, read from <c>params</c> (the embedded vector) at its
/// <see cref="MpoLayout"/> offset; one that is not learned is its base.
/// </summary>
public static class PythonMpo
{
    /// <summary>_log_p and _logit, for every loss that reads p = exp(ℓ̄ − ℓ_max).</summary>
    public static IEnumerable<string> ProbabilityDomainFunctions() =>
    [
        $$""""
        def _log_p(mean_logps, log_prob_max):
            """log p, p = exp(ℓ̄ − ℓ_max), capped just below 0, where log(1 − p) would be −∞."""
            return (mean_logps - log_prob_max).clamp_max({{PythonLiterals.Float(ProbabilityDomain.MaxLogP)}})
        """",
        """"
        def _logit(log_p):
            """logit p = log p − log(1 − p), with log(1 − p) = log(−expm1(log p)), accurate for every log p < 0."""
            return log_p - (-log_p.expm1()).log()
        """",
    ];

    /// <summary>The monotone network (when any function is learned), φ⁻¹, ψ∘σ and the SFT term, for the spec's layout.</summary>
    public static IEnumerable<string> Functions(ObjectiveSpec spec)
    {
        var layout = MpoLayout.Of(spec);
        if (layout.Count > 0)
        {
            yield return PositiveRoot;
            yield return Network();
        }
        yield return """"
            def _network_input(log_p):
                """What the networks of φ⁻¹ and g read: (log p − c)/T where INPUT_LOG is 1, else p^(1/T)."""
                if INPUT_LOG > 0.5:
                    return (log_p - INPUT_CENTER) / INPUT_TEMPERATURE
                return (log_p / INPUT_TEMPERATURE).exp()
            """";
        yield return $$""""
            def _phi_inverse(mean_logps, log_prob_max, params):
                """φ⁻¹(p) = base(p){{(layout.Phi ? " + N_φ(x)" : "")}}, base log p (PHI_BASE 0) or logit p (PHI_BASE 1)."""
                log_p = _log_p(mean_logps, log_prob_max)
                value = log_p - PHI_BASE * (-log_p.expm1()).log()
                return {{(layout.Phi ? $"value + _network({Slice(layout.PhiOffset)}, _network_input(log_p))" : "value")}}
            """";
        yield return $$""""
            def _psi_of_sigmoid(margin, params):
                """ψ(z) = base(z){{(layout.Psi ? " + N_ψ(z)" : "")}} at z = σ(margin), base log z (PSI_BASE 0) or z (PSI_BASE 1)."""
                z = margin.sigmoid()
                value = F.logsigmoid(margin) + PSI_BASE * (z - F.logsigmoid(margin))
                return {{(layout.Psi ? $"value + _network({Slice(layout.PsiOffset)}, z)" : "value")}}
            """";
        yield return layout.G
            ? $$""""
                def _sft_term(chosen_mean, log_prob_max, params):
                    """−g ℓ̄_w with g = max(0, SFT_WEIGHT + N_g(x_w)), a per-pair weight that carries no gradient."""
                    with torch.no_grad():
                        x = _network_input(_log_p(chosen_mean.detach(), log_prob_max))
                        weight = (SFT_WEIGHT + _network({{Slice(layout.GOffset)}}, x)).relu()
                    return -weight * chosen_mean
                """"
            : """"
                def _sft_term(chosen_mean, log_prob_max, params):
                    """−g ℓ̄_w with g = SFT_WEIGHT."""
                    return -SFT_WEIGHT * chosen_mean
                """";
    }

    private static string Slice(int offset) =>
        FormattableString.Invariant($"params[{offset}:{offset + MonotoneNetwork.ParameterCount}]");

    private const string PositiveRoot = """"
        def _positive_root(x, power):
            """max(x, 0)^power with a finite gradient everywhere: the inner where keeps the root away from 0."""
            positive = x > 0
            safe = torch.where(positive, x, torch.ones_like(x))
            return torch.where(positive, safe.pow(power), torch.zeros_like(x))
        """";

    /// <summary>N(x) of <see cref="MonotoneNetwork"/>: the parameter layout [v, w, b, a] and the six unit blocks in its order.</summary>
    private static string Network()
    {
        var h = MonotoneNetwork.HiddenUnits;
        return string.Create(CultureInfo.InvariantCulture, $$""""
            def _network(params, x):
                """A learned monotone network, N(x) = Σ_j v_j a_j(w_j x + b_j) + a·x with v, w, a ≥ 0 ({{MonotoneNetwork.ParameterCount}} parameters)."""
                v, w, b, a = params[0:{{h}}].relu(), params[{{h}}:{{2 * h}}].relu(), params[{{2 * h}}:{{3 * h}}], params[{{3 * h}}].relu()
                z = x.unsqueeze(-1) * w + b
                cube, square, root2, root3, log, exp = z.split({{MonotoneNetwork.UnitsPerActivation}}, dim=-1)
                hidden = torch.cat([
                    cube.pow(3),
                    square * square.abs(),
                    _positive_root(root2, 0.5),
                    _positive_root(root3, 1.0 / 3.0),
                    (log.relu() + 1e-3).log(),
                    exp.clamp_max(10).exp(),
                ], dim=-1)
                return (hidden * v).sum(-1) + a * x
            """");
    }
}
