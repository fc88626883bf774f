namespace EvoPo.Coordinator.Es;

/// <summary>
/// Separable CMA-ES (Ros and Hansen 2008): CMA-ES with the covariance kept diagonal, so every step is O(λ n) and it
/// scales to the 379–1137 parameters of MPO searches. Candidate i is m + σ √C ⊙ z_i, z_i keyed by (runSeed, 1, g, i);
/// the update is purecma's (<see cref="CmaEs"/>) restricted to the diagonal, with pycma's separable learning rates
/// (<see cref="CmaParameters"/>). No mirroring: the method samples independently.
/// </summary>
public sealed class SepCmaEs : Strategy<SepCmaEsState>
{
    private readonly CmaParameters _p;

    public SepCmaEs(EsSettings settings, ulong runSeed, int dimension) : base(settings, runSeed, dimension) =>
        _p = new CmaParameters(dimension, settings.Population, separable: true);

    public override StrategyKind Kind => StrategyKind.SepCmaEs;

    protected override SepCmaEsState Initial(double[] mean) => new(0, mean, double.NegativeInfinity, null, Settings.Sigma0,
        Enumerable.Repeat(1.0, Dimension).ToArray(), new double[Dimension], new double[Dimension]);

    protected override double[][] Sample(SepCmaEsState state)
    {
        var candidates = new double[Population][];
        for (var i = 0; i < Population; i++)
        {
            var z = Noise(state.Generation, i);
            var x = new double[Dimension];
            for (var d = 0; d < Dimension; d++) x[d] = state.Mean[d] + state.Sigma * (Math.Sqrt(state.C[d]) * z[d]);
            candidates[i] = x;
        }
        return candidates;
    }

    protected override SepCmaEsState Update(SepCmaEsState state, double[][] candidates, ReadOnlySpan<double> fitness)
    {
        var n = Dimension;
        var order = FitnessShaping.BestFirst(fitness);
        var old = state.Mean;
        var mean = new double[n];
        for (var k = 0; k < _p.Mu; k++)
        {
            var x = candidates[order[k]];
            for (var d = 0; d < n; d++) mean[d] += _p.Weights[k] * x[d];
        }

        var sigma = state.Sigma;
        var ps = new double[n];
        var csn = Math.Sqrt(_p.Cs * (2 - _p.Cs) * _p.MuEff) / sigma;
        var psSquared = 0.0;
        for (var d = 0; d < n; d++)
        {
            ps[d] = (1 - _p.Cs) * state.Ps[d] + csn * (mean[d] - old[d]) / Math.Sqrt(state.C[d]);
            psSquared += ps[d] * ps[d];
        }
        var hsig = _p.StallIndicator(psSquared, n, state.Generation + 1);
        var ccn = Math.Sqrt(_p.Cc * (2 - _p.Cc) * _p.MuEff) / sigma;
        var pc = new double[n];
        for (var d = 0; d < n; d++) pc[d] = (1 - _p.Cc) * state.Pc[d] + ccn * hsig * (mean[d] - old[d]);

        var c1a = _p.C1 * (1 - (1 - hsig * hsig) * _p.Cc * (2 - _p.Cc));
        var decay = 1 - c1a - _p.Cmu; // the positive weights sum to 1
        var c = new double[n];
        for (var d = 0; d < n; d++) c[d] = decay * state.C[d] + _p.C1 * pc[d] * pc[d];
        for (var k = 0; k < _p.Mu; k++)
        {
            var x = candidates[order[k]];
            var weight = _p.Weights[k] * _p.Cmu / (sigma * sigma);
            for (var d = 0; d < n; d++) c[d] += weight * (x[d] - old[d]) * (x[d] - old[d]);
        }
        var nextSigma = sigma * _p.StepSizeFactor(psSquared, n);
        return new SepCmaEsState(state.Generation + 1, mean, state.BestFitness, state.BestParameters, nextSigma, c, pc, ps);
    }

    protected override void Check(SepCmaEsState state)
    {
        RequirePositive(state.Sigma, "sigma");
        RequireLength(state.C, Dimension, "covariance diagonal");
        if (state.C.Any(v => !(v > 0))) RequirePositive(0, "covariance diagonal");
        RequireLength(state.Pc, Dimension, "evolution path");
        RequireLength(state.Ps, Dimension, "evolution path");
    }
}
