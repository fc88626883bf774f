namespace EvoPo.Coordinator.Es;

/// <summary>
/// PGPE (Sehnke et al. 2010) with symmetric sampling and a σ per dimension, as EvoTorch implements it (Toklu et al.
/// 2020): candidate j = μ + σ ⊙ ε_j and candidate j + N/2 = μ − σ ⊙ ε_j, with ε_j keyed by (runSeed, 1, g, j). With
/// shaped fitness F̃ (centered ranks by default) and s_j = σ ⊙ ε_j, over the P = N/2 pairs:
/// ∇μ = (1/P) Σ_j (F̃⁺_j − F̃⁻_j)/2 · s_j, followed by the optimizer (ClipUp by default), and
/// ∇σ = (1/P) Σ_j (F̃⁺_j + F̃⁻_j)/2 · (s_j² − σ²)/σ, followed by plain ascent at the σ learning rate, each σ moving by
/// at most <see cref="EsSettings.SigmaMaxChange"/> of itself and never below σ_min.
/// </summary>
public sealed class Pgpe(EsSettings settings, ulong runSeed, int dimension) : Strategy<PgpeState>(settings, runSeed, dimension)
{
    private readonly IGradientOptimizer _optimizer = settings.CreateOptimizer();
    private readonly double _sigmaLearningRate = settings.ResolvedSigmaLearningRate(dimension);

    public override StrategyKind Kind => StrategyKind.Pgpe;

    private int Pairs => Population / 2;

    protected override PgpeState Initial(double[] mean) =>
        new(0, mean, double.NegativeInfinity, null, Enumerable.Repeat(Settings.Sigma0, Dimension).ToArray(), OptimizerState.Zero(Dimension));

    protected override double[][] Sample(PgpeState state) => AntitheticPairs(state.Generation, state.Mean, state.Sigma);

    protected override PgpeState Update(PgpeState state, double[][] candidates, ReadOnlySpan<double> fitness)
    {
        var shaped = FitnessShaping.Shape(Settings.Shaping, fitness);
        // Centered ranks and z-scores already sum to zero; raw fitness needs the baseline removed (as EvoTorch does).
        if (Settings.Shaping == FitnessShapingKind.Raw)
        {
            var baseline = shaped.Average();
            for (var i = 0; i < shaped.Length; i++) shaped[i] -= baseline;
        }

        var sigma = state.Sigma;
        var meanGradient = new double[Dimension];
        var sigmaGradient = new double[Dimension];
        for (var j = 0; j < Pairs; j++)
        {
            var eps = Noise(state.Generation, j);
            var difference = (shaped[j] - shaped[j + Pairs]) / 2;
            var average = (shaped[j] + shaped[j + Pairs]) / 2;
            for (var d = 0; d < Dimension; d++)
            {
                var s = sigma[d] * eps[d];
                meanGradient[d] += difference * s;
                sigmaGradient[d] += average * (s * s - sigma[d] * sigma[d]) / sigma[d];
            }
        }

        var nextSigma = new double[Dimension];
        var maxChange = Settings.ResolvedSigmaMaxChange;
        for (var d = 0; d < Dimension; d++)
        {
            meanGradient[d] /= Pairs;
            var proposed = sigma[d] + _sigmaLearningRate * sigmaGradient[d] / Pairs;
            var bounded = Math.Clamp(proposed, sigma[d] * (1 - maxChange), sigma[d] * (1 + maxChange));
            nextSigma[d] = Math.Max(bounded, Settings.SigmaMin);
        }
        var (mean, optimizer) = _optimizer.Ascend(state.Mean, meanGradient, state.Optimizer);
        return new PgpeState(state.Generation + 1, mean, state.BestFitness, state.BestParameters, nextSigma, optimizer);
    }

    protected override void Check(PgpeState state)
    {
        RequireLength(state.Sigma, Dimension, "sigma");
        if (state.Sigma.Any(s => !(s > 0))) RequirePositive(0, "sigma");
        RequireLength(state.Optimizer?.M, Dimension, "optimizer moments");
        RequireLength(state.Optimizer?.V, Dimension, "optimizer moments");
    }
}
