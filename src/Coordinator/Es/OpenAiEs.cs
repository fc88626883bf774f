using EvoPo.Simulation.Random;

namespace EvoPo.Coordinator.Es;

/// <summary>
/// OpenAI-ES (Salimans et al. 2017) with antithetic sampling, fitness shaping and Adam, as math.md §4 writes it.
/// Pure: the noise of pair j in generation g is keyed by (runSeed, 1, g, j), so Ask and Tell depend on
/// nothing but their arguments and a run restored from a persisted <see cref="EsState"/> continues bit for bit.
/// </summary>
public sealed class OpenAiEs : IStrategy
{
    /// <summary>Stream tag of ES noise in the run seed's key space (docs/design.md, Randomness).</summary>
    public const ulong NoiseStream = 1;

    private readonly EsSettings _settings;
    private readonly ulong _runSeed;

    public OpenAiEs(EsSettings settings, ulong runSeed)
    {
        ArgumentNullException.ThrowIfNull(settings);
        _settings = settings.Validate();
        _runSeed = runSeed;
    }

    public EsSettings Settings => _settings;

    public int Population => _settings.Population;

    private int Pairs => _settings.Population / 2;

    public EsState Initialize(double[] initialMean)
    {
        ArgumentNullException.ThrowIfNull(initialMean);
        if (initialMean.Length == 0) throw new ArgumentException("The initial mean must have at least one dimension.", nameof(initialMean));
        foreach (var x in initialMean)
            if (!double.IsFinite(x)) throw new ArgumentException("The initial mean must be finite.", nameof(initialMean));
        var d = initialMean.Length;
        return new EsState(0, (double[])initialMean.Clone(), _settings.Sigma0, new double[d], new double[d], 0,
            double.NegativeInfinity, null);
    }

    /// <summary>Candidate j = μ + σ ε_j and candidate j + N/2 = μ − σ ε_j, for pair j in [0, N/2).</summary>
    public double[][] Ask(EsState state)
    {
        CheckState(state);
        var dim = state.Dimension;
        var candidates = new double[_settings.Population][];
        for (var j = 0; j < Pairs; j++)
        {
            var eps = Noise(state.Generation, j, dim);
            var plus = new double[dim];
            var minus = new double[dim];
            for (var d = 0; d < dim; d++)
            {
                var step = state.Sigma * eps[d];
                plus[d] = state.Mean[d] + step;
                minus[d] = state.Mean[d] - step;
            }
            candidates[j] = plus;
            candidates[j + Pairs] = minus;
        }
        return candidates;
    }

    public EsTellResult Tell(EsState state, ReadOnlySpan<double> fitness)
    {
        CheckState(state);
        var n = _settings.Population;
        if (fitness.Length != n)
            throw new ArgumentException($"Expected {n} fitness values (one per candidate), got {fitness.Length}.", nameof(fitness));

        var dim = state.Dimension;
        var shaped = FitnessShaping.Shape(_settings.Shaping, fitness);

        // g = (1/(Nσ)) Σ_i F̃_i ε_i with ε_{j+N/2} = −ε_j. Summed in candidate order (all plus candidates,
        // then all minus) so the floating-point result is fixed by the inputs, not by arrival order.
        var noise = new double[Pairs][];
        for (var j = 0; j < Pairs; j++) noise[j] = Noise(state.Generation, j, dim);
        var gradient = new double[dim];
        for (var i = 0; i < n; i++)
        {
            var eps = noise[i % Pairs];
            var weight = i < Pairs ? shaped[i] : -shaped[i];
            for (var d = 0; d < dim; d++) gradient[d] += weight * eps[d];
        }
        var scale = 1.0 / (n * state.Sigma);

        // Adam descends on −g, i.e. ascends fitness; weight decay is decoupled (AdamW) so it does not
        // pass through the moment estimates.
        var s = _settings;
        var step = state.AdamStep + 1;
        var biasM = 1.0 - Math.Pow(s.Beta1, step);
        var biasV = 1.0 - Math.Pow(s.Beta2, step);
        var mean = new double[dim];
        var m = new double[dim];
        var v = new double[dim];
        for (var d = 0; d < dim; d++)
        {
            var grad = -gradient[d] * scale;
            m[d] = s.Beta1 * state.AdamM[d] + (1.0 - s.Beta1) * grad;
            v[d] = s.Beta2 * state.AdamV[d] + (1.0 - s.Beta2) * grad * grad;
            var update = m[d] / biasM / (Math.Sqrt(v[d] / biasV) + s.AdamEpsilon);
            mean[d] = state.Mean[d] - s.LearningRate * (update + s.WeightDecay * state.Mean[d]);
        }

        var stats = Statistics(state.Generation, fitness);
        var bestFitness = state.BestFitness;
        var bestParameters = state.BestParameters;
        if (stats.BestIndex >= 0 && stats.Max > bestFitness)
        {
            bestFitness = stats.Max;
            bestParameters = Candidate(state, noise, stats.BestIndex);
        }

        var next = new EsState(
            state.Generation + 1,
            mean,
            Math.Max(state.Sigma * s.SigmaDecay, s.SigmaMin),
            m,
            v,
            step,
            bestFitness,
            bestParameters);
        return new EsTellResult(next, stats);
    }

    /// <summary>ε_j of generation <paramref name="generation"/>: standard normal, keyed by (runSeed, 1, generation, j).</summary>
    public double[] Noise(int generation, int pair, int dimension)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(generation);
        ArgumentOutOfRangeException.ThrowIfNegative(pair);
        var rng = CounterRng.Create(_runSeed, NoiseStream, (ulong)generation, (ulong)pair);
        var eps = new double[dimension];
        for (var d = 0; d < dimension; d++) eps[d] = rng.GaussianAt((ulong)d);
        return eps;
    }

    /// <summary>Fitness statistics over finite values; non-finite fitness counts as failed.</summary>
    public static GenerationStats Statistics(int generation, ReadOnlySpan<double> fitness)
    {
        var (count, mean, std, min) = FitnessShaping.FiniteMoments(fitness);
        var max = double.NaN;
        var bestIndex = -1;
        for (var i = 0; i < fitness.Length; i++)
        {
            if (!double.IsFinite(fitness[i])) continue;
            if (bestIndex < 0 || fitness[i] > max)
            {
                max = fitness[i];
                bestIndex = i;
            }
        }
        return new GenerationStats(generation, mean, max, min, std, fitness.Length - count, bestIndex);
    }

    private double[] Candidate(EsState state, double[][] noise, int index)
    {
        var plus = index < Pairs;
        var eps = noise[index % Pairs];
        var candidate = new double[state.Dimension];
        // Same expression as Ask, so the stored best equals the candidate that was evaluated bit for bit.
        for (var d = 0; d < candidate.Length; d++)
        {
            var step = state.Sigma * eps[d];
            candidate[d] = plus ? state.Mean[d] + step : state.Mean[d] - step;
        }
        return candidate;
    }

    private static void CheckState(EsState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var d = state.Mean.Length;
        if (d == 0 || state.AdamM.Length != d || state.AdamV.Length != d)
            throw new ArgumentException("The state's mean and Adam moments must be non-empty and of one length.", nameof(state));
        if (!(state.Sigma > 0)) throw new ArgumentException("The state's sigma must be > 0.", nameof(state));
        if (state.Generation < 0) throw new ArgumentException("The state's generation must be ≥ 0.", nameof(state));
    }
}
