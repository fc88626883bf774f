namespace EvoPo.Coordinator.Es;

/// <summary>
/// CMA-ES's fixed strategy parameters for dimension n and population λ, as pycma's purecma sets them (positive
/// recombination weights on the better half): weights w_k ∝ ln(λ/2 + ½) − ln k, μ_eff, the cumulation constants
/// c_σ, c_c, the covariance learning rates c₁, c_μ and the damping d_σ. The separable variant takes pycma's
/// diagonal learning rates (cc_sep, c1_sep, cmu_sep), which are about (n + 2)/3 times larger (Ros and Hansen 2008).
/// </summary>
public sealed class CmaParameters
{
    public CmaParameters(int n, int lambda, bool separable)
    {
        Mu = lambda / 2;
        Weights = new double[Mu];
        var sum = 0.0;
        for (var k = 0; k < Mu; k++)
        {
            Weights[k] = Math.Log(lambda / 2.0 + 0.5) - Math.Log(k + 1);
            sum += Weights[k];
        }
        var squares = 0.0;
        for (var k = 0; k < Mu; k++)
        {
            Weights[k] /= sum;
            squares += Weights[k] * Weights[k];
        }
        MuEff = 1.0 / squares;

        Cs = (MuEff + 2) / (n + MuEff + 5);
        Damps = 2 * MuEff / lambda + 0.3 + Cs;
        if (separable)
        {
            Cc = (1 + 1.0 / n + MuEff / n) / (Math.Sqrt(n) + 1.0 / n + 2 * MuEff / n);
            C1 = 1.0 / (n + 2 * Math.Sqrt(n) + MuEff / n);
            Cmu = Math.Min(1 - C1, (0.25 + MuEff + 1 / MuEff - 2) / (n + 4 * Math.Sqrt(n) + MuEff / 2));
        }
        else
        {
            Cc = (4 + MuEff / n) / (n + 4 + 2 * MuEff / n);
            C1 = 2 / ((n + 1.3) * (n + 1.3) + MuEff);
            Cmu = Math.Min(1 - C1, 2 * (MuEff - 2 + 1 / MuEff) / ((n + 2) * (n + 2) + MuEff));
        }
        // purecma: postpone the eigendecomposition so it costs about as much as the updates in between.
        LazyGapEvaluations = 0.5 * n * lambda / (C1 + Cmu) / ((double)n * n);
    }

    /// <summary>Parents recombined: the better half, ⌊λ/2⌋.</summary>
    public int Mu { get; }

    /// <summary>Recombination weights of the μ best, summing to 1.</summary>
    public double[] Weights { get; }

    public double MuEff { get; }
    public double Cs { get; }
    public double Damps { get; }
    public double Cc { get; }
    public double C1 { get; }
    public double Cmu { get; }
    public double LazyGapEvaluations { get; }

    /// <summary>h_σ: stall the rank-one update while ‖p_σ‖ is too long for a path started <paramref name="generations"/> generations ago.</summary>
    public double StallIndicator(double squaredPathLength, int n, int generations) =>
        squaredPathLength / n / (1 - Math.Pow(1 - Cs, 2.0 * generations)) < 2 + 4.0 / (n + 1) ? 1.0 : 0.0;

    /// <summary>σ's factor from the path length: exp(min(1, (c_σ/d_σ)(‖p_σ‖²/n − 1)/2)) (purecma's form).</summary>
    public double StepSizeFactor(double squaredPathLength, int n) =>
        Math.Exp(Math.Min(1.0, Cs / Damps * (squaredPathLength / n - 1) / 2));
}
