namespace EvoPo.Coordinator.Es;

/// <summary>
/// Separable NES (Schaul, Glasmachers and Schmidhuber 2011; the update of evosax and EvoTorch): candidate i is
/// μ + σ ⊙ z_i with z_i keyed by (runSeed, 1, g, i), no mirroring (the method samples independently). With NES
/// utilities u (<see cref="FitnessShaping.NesUtilities"/>): μ ← μ + η_μ σ ⊙ Σ u_i z_i (η_μ = 1) and
/// σ ← σ ⊙ exp(η_σ/2 · Σ u_i (z_i² − 1)), η_σ = (3 + ln d)/(5 √d) unless set.
/// </summary>
public sealed class Snes(EsSettings settings, ulong runSeed, int dimension) : Strategy<SnesState>(settings, runSeed, dimension)
{
    private const double MeanLearningRate = 1.0;
    private readonly double _sigmaLearningRate = settings.ResolvedSigmaLearningRate(dimension);

    public override StrategyKind Kind => StrategyKind.Snes;

    protected override SnesState Initial(double[] mean) =>
        new(0, mean, double.NegativeInfinity, null, Enumerable.Repeat(Settings.Sigma0, Dimension).ToArray());

    protected override double[][] Sample(SnesState state)
    {
        var candidates = new double[Population][];
        for (var i = 0; i < Population; i++)
        {
            var z = Noise(state.Generation, i);
            var x = new double[Dimension];
            for (var d = 0; d < Dimension; d++) x[d] = state.Mean[d] + state.Sigma[d] * z[d];
            candidates[i] = x;
        }
        return candidates;
    }

    protected override SnesState Update(SnesState state, double[][] candidates, ReadOnlySpan<double> fitness)
    {
        var utilities = FitnessShaping.NesUtilities(fitness);
        var meanGradient = new double[Dimension];
        var sigmaGradient = new double[Dimension];
        for (var i = 0; i < Population; i++)
        {
            var z = Noise(state.Generation, i);
            for (var d = 0; d < Dimension; d++)
            {
                meanGradient[d] += utilities[i] * z[d];
                sigmaGradient[d] += utilities[i] * (z[d] * z[d] - 1);
            }
        }
        var mean = new double[Dimension];
        var sigma = new double[Dimension];
        for (var d = 0; d < Dimension; d++)
        {
            mean[d] = state.Mean[d] + MeanLearningRate * state.Sigma[d] * meanGradient[d];
            sigma[d] = state.Sigma[d] * Math.Exp(_sigmaLearningRate / 2 * sigmaGradient[d]);
        }
        return new SnesState(state.Generation + 1, mean, state.BestFitness, state.BestParameters, sigma);
    }

    protected override void Check(SnesState state)
    {
        RequireLength(state.Sigma, Dimension, "sigma");
        if (state.Sigma.Any(s => !(s > 0))) RequirePositive(0, "sigma");
    }
}
