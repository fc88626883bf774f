using MathNet.Numerics.LinearAlgebra;

namespace EvoPo.Coordinator.Es;

/// <summary>
/// CMA-ES with a full covariance (Hansen 2016), following pycma's purecma line by line: positive weights on the better
/// half, cumulative step-size adaptation, rank-one and rank-μ updates, and the eigendecomposition C = B diag(D²) Bᵀ
/// refreshed lazily (<see cref="CmaParameters.LazyGapEvaluations"/>). Candidate i is m + σ B (D ⊙ z_i), z_i keyed by
/// (runSeed, 1, g, i); no mirroring. Memory and the decomposition grow as d² and d³, and the covariance learns at a
/// rate about 2/d², so it is for small searches: at most <see cref="MaxDimension"/> parameters (sep-cma-es beyond).
/// </summary>
public sealed class CmaEs : Strategy<CmaEsState>
{
    /// <summary>Largest search it accepts: one learned MPO function (379 parameters) fits; a snapshot then holds two 400² matrices (2.5 MiB).</summary>
    public const int MaxDimension = 400;

    private readonly CmaParameters _p;

    public CmaEs(EsSettings settings, ulong runSeed, int dimension) : base(settings, runSeed, dimension) =>
        _p = new CmaParameters(dimension, settings.Population, separable: false);

    public override StrategyKind Kind => StrategyKind.CmaEs;

    protected override CmaEsState Initial(double[] mean)
    {
        var n = Dimension;
        return new CmaEsState(0, mean, double.NegativeInfinity, null, Settings.Sigma0, Identity(n), Identity(n),
            Enumerable.Repeat(1.0, n).ToArray(), new double[n], new double[n], 0);
    }

    protected override double[][] Sample(CmaEsState state)
    {
        var n = Dimension;
        var candidates = new double[Population][];
        var scaled = new double[n];
        for (var i = 0; i < Population; i++)
        {
            var z = Noise(state.Generation, i);
            for (var k = 0; k < n; k++) scaled[k] = state.D[k] * z[k];
            var x = new double[n];
            for (var r = 0; r < n; r++)
            {
                var y = 0.0;
                for (var k = 0; k < n; k++) y += state.B[r * n + k] * scaled[k];
                x[r] = state.Mean[r] + state.Sigma * y;
            }
            candidates[i] = x;
        }
        return candidates;
    }

    protected override CmaEsState Update(CmaEsState state, double[][] candidates, ReadOnlySpan<double> fitness)
    {
        var n = Dimension;
        var order = FitnessShaping.BestFirst(fitness);
        var old = state.Mean;
        var sigma = state.Sigma;
        var mean = new double[n];
        for (var k = 0; k < _p.Mu; k++)
        {
            var x = candidates[order[k]];
            for (var d = 0; d < n; d++) mean[d] += _p.Weights[k] * x[d];
        }
        var y = new double[n];
        for (var d = 0; d < n; d++) y[d] = mean[d] - old[d];

        // p_σ ← (1 − c_σ) p_σ + √(c_σ(2 − c_σ)μ_eff)/σ · C^(−1/2) y, with C^(−1/2) = B diag(1/D) Bᵀ of the last decomposition.
        var whitened = InverseSqrtTimes(state, y);
        var csn = Math.Sqrt(_p.Cs * (2 - _p.Cs) * _p.MuEff) / sigma;
        var ps = new double[n];
        var psSquared = 0.0;
        for (var d = 0; d < n; d++)
        {
            ps[d] = (1 - _p.Cs) * state.Ps[d] + csn * whitened[d];
            psSquared += ps[d] * ps[d];
        }
        var hsig = _p.StallIndicator(psSquared, n, state.Generation + 1);
        var ccn = Math.Sqrt(_p.Cc * (2 - _p.Cc) * _p.MuEff) / sigma;
        var pc = new double[n];
        for (var d = 0; d < n; d++) pc[d] = (1 - _p.Cc) * state.Pc[d] + ccn * hsig * y[d];

        var c1a = _p.C1 * (1 - (1 - hsig * hsig) * _p.Cc * (2 - _p.Cc));
        var decay = 1 - c1a - _p.Cmu; // the positive weights sum to 1
        var c = new double[n * n];
        for (var r = 0; r < n; r++)
            for (var col = 0; col < n; col++)
                c[r * n + col] = decay * state.C[r * n + col] + _p.C1 * pc[r] * pc[col];
        var dx = new double[n];
        for (var k = 0; k < _p.Mu; k++)
        {
            var x = candidates[order[k]];
            for (var d = 0; d < n; d++) dx[d] = x[d] - old[d];
            var weight = _p.Weights[k] * _p.Cmu / (sigma * sigma);
            for (var r = 0; r < n; r++)
            {
                var wr = weight * dx[r];
                for (var col = 0; col < n; col++) c[r * n + col] += wr * dx[col];
            }
        }
        var nextSigma = sigma * _p.StepSizeFactor(psSquared, n);

        var evaluations = (long)(state.Generation + 1) * Population;
        var (b, dd, eigenEvaluations) = evaluations > state.EigenEvaluations + _p.LazyGapEvaluations
            ? Decompose(c, n, evaluations)
            : (state.B, state.D, state.EigenEvaluations);
        return new CmaEsState(state.Generation + 1, mean, state.BestFitness, state.BestParameters, nextSigma, c, b, dd, pc, ps, eigenEvaluations);
    }

    protected override void Check(CmaEsState state)
    {
        var n = Dimension;
        RequirePositive(state.Sigma, "sigma");
        RequireLength(state.C, n * n, "covariance");
        RequireLength(state.B, n * n, "eigenbasis");
        RequireLength(state.D, n, "eigenvalue roots");
        if (state.D.Any(v => !(v > 0))) RequirePositive(0, "eigenvalue roots");
        RequireLength(state.Pc, n, "evolution path");
        RequireLength(state.Ps, n, "evolution path");
    }

    /// <summary>B diag(1/D) Bᵀ v.</summary>
    private static double[] InverseSqrtTimes(CmaEsState state, double[] v)
    {
        var n = v.Length;
        var inner = new double[n];
        for (var k = 0; k < n; k++)
        {
            var sum = 0.0;
            for (var r = 0; r < n; r++) sum += state.B[r * n + k] * v[r];
            inner[k] = sum / state.D[k];
        }
        var result = new double[n];
        for (var r = 0; r < n; r++)
        {
            var sum = 0.0;
            for (var k = 0; k < n; k++) sum += state.B[r * n + k] * inner[k];
            result[r] = sum;
        }
        return result;
    }

    /// <summary>
    /// Eigendecomposition of C made symmetric (as purecma enforces it). Eigenvalues are floored at 1e-14 of the largest
    /// (evosax floors them too) so D stays positive under rounding; MathNet's managed solver is sequential, so the same C
    /// always gives the same B and D, which a replay needs.
    /// </summary>
    private static (double[] B, double[] D, long Evaluations) Decompose(double[] c, int n, long evaluations)
    {
        var matrix = Matrix<double>.Build.Dense(n, n, (r, col) => (c[r * n + col] + c[col * n + r]) / 2);
        var evd = matrix.Evd(Symmetricity.Symmetric);
        var values = evd.EigenValues.Select(v => v.Real).ToArray();
        var floor = 1e-14 * values.Max();
        var d = values.Select(v => Math.Sqrt(Math.Max(v, floor))).ToArray();
        var b = new double[n * n];
        for (var r = 0; r < n; r++)
            for (var k = 0; k < n; k++)
                b[r * n + k] = evd.EigenVectors[r, k];
        return (b, d, evaluations);
    }

    private static double[] Identity(int n)
    {
        var identity = new double[n * n];
        for (var i = 0; i < n; i++) identity[i * n + i] = 1;
        return identity;
    }
}
