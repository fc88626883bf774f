namespace EvoPo.GpuWorker.Tests.Objectives;

/// <summary>Straightforward float64 versions of the math.md losses for one pair, to check the tensor code against.</summary>
internal static class ReferenceLosses
{
    public sealed record Pair(double Lw, double Ll, double Tw, double Tl, double RefW, double RefL, double LogProbMax);

    public static double LogSigmoid(double x) => x >= 0 ? -Math.Log(1 + Math.Exp(-x)) : x - Math.Log(1 + Math.Exp(x));

    public static double Sigmoid(double x) => 1 / (1 + Math.Exp(-x));

    public static double Logit(double meanLogProb, double logProbMax)
    {
        var p = Math.Exp(meanLogProb - logProbMax);
        return Math.Log(p / (1 - p));
    }

    public static double Loss(string name, IReadOnlyDictionary<string, double> h, double[]? parameters, Pair x)
    {
        double mw = x.Lw / x.Tw, ml = x.Ll / x.Tl, rw = x.Lw - x.RefW, rl = x.Ll - x.RefL;
        return name switch
        {
            "sft" => -mw,
            "dpo" => -LogSigmoid(h["beta"] * (rw - rl)),
            "ipo" => Math.Pow(rw / x.Tw - rl / x.Tl - 1 / (2 * h["tau"]), 2),
            "rdpo" => -LogSigmoid(h["beta"] * (rw - rl) + h["alpha"] * (x.Tw - x.Tl)),
            "cpo" => -LogSigmoid(h["beta"] * (x.Lw - x.Ll)) - h["lambda"] * mw,
            "orpo" => -mw - h["lambda"] * LogSigmoid(Logit(mw, x.LogProbMax) - Logit(ml, x.LogProbMax)),
            "simpo" => -LogSigmoid(h["beta"] * mw - h["beta"] * ml - h["gamma"]),
            "rrhf" => Math.Max(0, ml - mw) - h["lambda"] * mw,
            "slic-hf" => Math.Max(0, h["delta"] - x.Lw + x.Ll) - h["lambda"] * mw,
            "lpo" => x.Ll - x.Lw - h["lambda"] * mw,
            "mpo-1s" => Mpo(h["lambda"], h["inputTemperature"], parameters!, x),
            _ => throw new ArgumentException(name),
        };
    }

    private static double Mpo(double lambda, double inputTemperature, double[] parameters, Pair x)
    {
        double mw = x.Lw / x.Tw, ml = x.Ll / x.Tl;
        double InverseMirror(double m) => Logit(m, x.LogProbMax) + Network(parameters, 0, Math.Exp((m - x.LogProbMax) / inputTemperature));
        var margin = InverseMirror(mw) - InverseMirror(ml);
        var psi = LogSigmoid(margin) + (parameters.Length > 379 ? Network(parameters, 379, Sigmoid(margin)) : 0);
        return -mw - lambda * psi;
    }

    /// <summary>N(x) from math.md §3 with the ReLU non-negativity map, one unit at a time.</summary>
    public static double Network(double[] parameters, int offset, double x)
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
                1 => z * Math.Abs(z),
                2 => Math.Sqrt(Math.Max(z, 0)),
                3 => Math.Cbrt(Math.Max(z, 0)),
                4 => Math.Log(Math.Max(z, 0) + 1e-3),
                _ => Math.Exp(Math.Min(z, 10)),
            };
            sum += v * activation;
        }
        return sum;
    }
}
