namespace EvoPo.GpuWorker.Tests.Objectives;

/// <summary>
/// Straightforward float64 versions of the math.md losses (§2–3), one pair at a time on <see cref="Dual"/> numbers so
/// each evaluation also gives the exact derivative along one seeded input. Written from math.md, not from the tensor
/// code: no log-space tricks beyond what a direct reading needs.
/// </summary>
internal static class ReferenceLosses
{
    public const int Network = 379;

    /// <summary>One pair: ℓ_w, ℓ_l, T_w, T_l, ℓ^ref, ℓ^μ and ℓ_max.</summary>
    public sealed record Pair(Dual Lw, Dual Ll, double Tw, double Tl, Dual RefW, Dual RefL, Dual MuW, Dual MuL, double LogProbMax);

    /// <summary>The per-pair losses of one agent's minibatch (MaxPO's weights are normalized over it).</summary>
    public static Dual[] Losses(string name, IReadOnlyDictionary<string, double> h, double[]? parameters, IReadOnlyList<Pair> row) =>
        name == "maxpo" ? MaxPo(h, row) : row.Select(x => Loss(name, h, parameters, x)).ToArray();

    public static Dual Loss(string name, IReadOnlyDictionary<string, double> h, double[]? parameters, Pair x)
    {
        Dual mw = x.Lw / x.Tw, ml = x.Ll / x.Tl, rw = x.Lw - x.RefW, rl = x.Ll - x.RefL;
        return name switch
        {
            "sft" => -mw,
            "dpo" => -Dual.LogSigmoid(h["beta"] * (rw - rl)),
            "ipo" => Square(rw / x.Tw - rl / x.Tl - 1 / (2 * h["tau"])),
            "rdpo" => -Dual.LogSigmoid(h["beta"] * (rw - rl) + h["alpha"] * (x.Tw - x.Tl)),
            "cpo" => -Dual.LogSigmoid(h["beta"] * (x.Lw - x.Ll)) - h["lambda"] * mw,
            "orpo" => -mw - h["lambda"] * Dual.LogSigmoid(Logit(mw, x.LogProbMax) - Logit(ml, x.LogProbMax)),
            "simpo" => -Dual.LogSigmoid(h["beta"] * mw - h["beta"] * ml - h["gamma"]),
            "rrhf" => Dual.Max(ml - mw, 0) - h["lambda"] * mw,
            "slic-hf" => Dual.Max(h["delta"] - x.Lw + x.Ll, 0) - h["lambda"] * mw,
            "lpo" => x.Ll - x.Lw - h["lambda"] * mw,
            "colpo" => -h["lambda"] * mw + (mw.V >= Math.Log(h["delta"]) ? h["beta"] * (ml - mw) : 0),
            "mpo-1s" => Mpo1s(h, parameters!, x),
            "mpo-2s" => Mpo2s(h, parameters!, x),
            _ => throw new ArgumentException(name),
        };
    }

    /// <summary>N(x) of math.md §3 with the ReLU non-negativity map, one unit at a time; the layout of MonotoneNetwork.</summary>
    public static Dual Net(double[] parameters, int offset, Dual x)
    {
        var sum = Math.Max(parameters[offset + 378], 0) * x;
        for (var j = 0; j < 126; j++)
        {
            var v = Math.Max(parameters[offset + j], 0);
            var w = Math.Max(parameters[offset + 126 + j], 0);
            var z = w * x + parameters[offset + 252 + j];
            var activation = (j / 21) switch
            {
                0 => z * z * z,
                1 => z * Dual.Abs(z),
                2 => z.V > 0 ? Dual.Pow(z, 0.5) : 0,
                3 => z.V > 0 ? Dual.Pow(z, 1.0 / 3.0) : 0,
                4 => Dual.Log(Dual.Max(z, 0) + 1e-3),
                _ => Dual.Exp(Dual.Min(z, 10)),
            };
            sum += v * activation;
        }
        return sum;
    }

    public static double LogSigmoidOf(double x) => Dual.LogSigmoid(x).V;

    private static Dual Square(Dual x) => x * x;

    /// <summary>logit p = log p − log(1 − p) with log p = ℓ̄ − ℓ_max (p itself underflows for ℓ̄ hundreds below ℓ_max).</summary>
    private static Dual Logit(Dual meanLogProb, double logProbMax)
    {
        var logP = meanLogProb - logProbMax;
        return logP - Dual.Log(1.0 - Dual.Exp(logP));
    }

    /// <summary>−½[w_w ℓ_w − w_l ℓ_l] − β_kl ℓ̄_sft, w = sg(min(e^(ℓ−ℓ^μ), c)) / (mean of all 2M weights of the row).</summary>
    private static Dual[] MaxPo(IReadOnlyDictionary<string, double> h, IReadOnlyList<Pair> row)
    {
        // Every weight scaled by e^-shift (the largest clipped log-ratio) leaves the normalized weights as they are
        // and keeps them from all underflowing to 0 when the policy is far from the behaviour agents.
        double LogWeight(Dual l, Dual mu) => Math.Min(l.V - mu.V, Math.Log(h["clip"]));
        var shift = row.Max(x => Math.Max(LogWeight(x.Lw, x.MuW), LogWeight(x.Ll, x.MuL)));
        var ww = row.Select(x => Math.Exp(LogWeight(x.Lw, x.MuW) - shift)).ToArray();
        var wl = row.Select(x => Math.Exp(LogWeight(x.Ll, x.MuL) - shift)).ToArray();
        var mean = (ww.Sum() + wl.Sum()) / (2 * row.Count);
        return row.Select((x, i) =>
        {
            var sft = h["sftSet"] == 0 ? x.Lw / x.Tw : 0.5 * (x.Lw / x.Tw + x.Ll / x.Tl);
            return -0.5 * (ww[i] / mean * x.Lw - wl[i] / mean * x.Ll) - h["betaKl"] * sft;
        }).ToArray();
    }

    private static (bool Phi, bool Psi, bool G) Layout(IReadOnlyDictionary<string, double> h) =>
        (h["learnPhi"] == 1, h["learnPsi"] == 1, h["learnG"] == 1);

    /// <summary>The networks' input: p^(1/T), or (log p − c)/T with inputLog 1.</summary>
    private static Dual NetworkInput(IReadOnlyDictionary<string, double> h, Dual logP) =>
        h["inputLog"] == 1 ? (logP - h["inputCenter"]) / h["inputTemperature"] : Dual.Exp(logP / h["inputTemperature"]);

    /// <summary>φ⁻¹(p) = (log p or logit p) + N_φ(x), log p = ℓ̄ − ℓ_max, x the network input.</summary>
    private static Dual InverseMirror(IReadOnlyDictionary<string, double> h, double[] parameters, Dual meanLogProb, double logProbMax)
    {
        var logP = meanLogProb - logProbMax;
        var value = h["phiBase"] == 1 ? Logit(meanLogProb, logProbMax) : logP;
        return Layout(h).Phi ? value + Net(parameters, 0, NetworkInput(h, logP)) : value;
    }

    /// <summary>ψ(z) = (log z or z) + N_ψ(z).</summary>
    private static Dual Psi(IReadOnlyDictionary<string, double> h, double[] parameters, Dual margin)
    {
        var z = Dual.Sigmoid(margin);
        var value = h["psiBase"] == 1 ? z : Dual.LogSigmoid(margin);
        var (phi, psi, _) = Layout(h);
        return psi ? value + Net(parameters, phi ? Network : 0, z) : value;
    }

    /// <summary>−g ℓ̄_w with g = sg(max(0, sftWeight + N_g(x_w))), or sftWeight when g is not learned.</summary>
    private static Dual Sft(IReadOnlyDictionary<string, double> h, double[] parameters, Pair x)
    {
        var mw = x.Lw / x.Tw;
        var (phi, psi, g) = Layout(h);
        var weight = h["sftWeight"];
        if (g)
        {
            var input = NetworkInput(h, new Dual(mw.V - x.LogProbMax, 0));
            weight = Math.Max(0, weight + Net(parameters, ((phi ? 1 : 0) + (psi ? 1 : 0)) * Network, input).V);
        }
        return -weight * mw;
    }

    private static Dual Mpo1s(IReadOnlyDictionary<string, double> h, double[] parameters, Pair x)
    {
        var margin = h["marginScale"] * (InverseMirror(h, parameters, x.Lw / x.Tw, x.LogProbMax) - InverseMirror(h, parameters, x.Ll / x.Tl, x.LogProbMax));
        return Sft(h, parameters, x) - h["lambda"] * Psi(h, parameters, margin);
    }

    private static Dual Mpo2s(IReadOnlyDictionary<string, double> h, double[] parameters, Pair x)
    {
        Dual Side(Dual l, Dual reference, double t) =>
            (h["perTrajectory"] == 1 ? t : 1) * (InverseMirror(h, parameters, l / t, x.LogProbMax) - InverseMirror(h, parameters, reference / t, x.LogProbMax));
        var margin = h["beta"] * (Side(x.Lw, x.RefW, x.Tw) - Side(x.Ll, x.RefL, x.Tl));
        return Sft(h, parameters, x) - Psi(h, parameters, margin);
    }
}
