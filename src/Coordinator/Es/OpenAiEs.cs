namespace EvoPo.Coordinator.Es;

/// <summary>
/// OpenAI-ES (Salimans et al. 2017) with antithetic sampling, fitness shaping and an optimizer (Adam by default), as
/// math.md §4 writes it. Candidate j = μ + σ ε_j and candidate j + N/2 = μ − σ ε_j, ε_j keyed by (runSeed, 1, g, j).
/// </summary>
public sealed class OpenAiEs(EsSettings settings, ulong runSeed, int dimension) : Strategy<OpenAiEsState>(settings, runSeed, dimension)
{
    private readonly IGradientOptimizer _optimizer = settings.CreateOptimizer();

    public override StrategyKind Kind => StrategyKind.OpenAiEs;

    private int Pairs => Population / 2;

    protected override OpenAiEsState Initial(double[] mean) =>
        new(0, mean, double.NegativeInfinity, null, Settings.Sigma0, OptimizerState.Zero(Dimension));

    protected override double[][] Sample(OpenAiEsState state) =>
        AntitheticPairs(state.Generation, state.Mean, Enumerable.Repeat(state.Sigma, Dimension).ToArray());

    protected override OpenAiEsState Update(OpenAiEsState state, double[][] candidates, ReadOnlySpan<double> fitness)
    {
        var n = Population;
        var shaped = FitnessShaping.Shape(Settings.Shaping, fitness);

        // g = (1/(Nσ)) Σ_i F̃_i ε_i with ε_{j+N/2} = −ε_j. Summed in candidate order (all plus candidates,
        // then all minus) so the floating-point result is fixed by the inputs, not by arrival order.
        var noise = new double[Pairs][];
        for (var j = 0; j < Pairs; j++) noise[j] = Noise(state.Generation, j);
        var sum = new double[Dimension];
        for (var i = 0; i < n; i++)
        {
            var eps = noise[i % Pairs];
            var weight = i < Pairs ? shaped[i] : -shaped[i];
            for (var d = 0; d < Dimension; d++) sum[d] += weight * eps[d];
        }
        var scale = 1.0 / (n * state.Sigma);
        var gradient = new double[Dimension];
        for (var d = 0; d < Dimension; d++) gradient[d] = sum[d] * scale;

        var (mean, optimizer) = _optimizer.Ascend(state.Mean, gradient, state.Optimizer);
        var sigma = Math.Max(state.Sigma * Settings.SigmaDecay, Settings.SigmaMin);
        return new OpenAiEsState(state.Generation + 1, mean, state.BestFitness, state.BestParameters, sigma, optimizer);
    }

    protected override void Check(OpenAiEsState state)
    {
        RequirePositive(state.Sigma, "sigma");
        RequireLength(state.Optimizer?.M, Dimension, "optimizer moments");
        RequireLength(state.Optimizer?.V, Dimension, "optimizer moments");
    }
}
