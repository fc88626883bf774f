using EvoPo.Simulation.Random;

namespace EvoPo.Coordinator.Es;

/// <summary>
/// What every strategy shares: checking its inputs, the fitness statistics, the best candidate so far, and the noise
/// keys. Candidate noise z_i of generation g is standard normal keyed by (runSeed, 1, g, i) (docs/design.md,
/// Randomness); antithetic strategies key pair j the same way. Only these indices ever travel, never noise.
/// </summary>
public abstract class Strategy<TState> : IStrategy where TState : EsState
{
    /// <summary>Stream tag of ES noise in the run seed's key space (docs/design.md, Randomness).</summary>
    public const ulong NoiseStream = 1;

    protected Strategy(EsSettings settings, ulong runSeed, int dimension)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentOutOfRangeException.ThrowIfLessThan(dimension, 1);
        Settings = settings.Validate(dimension);
        RunSeed = runSeed;
        Dimension = dimension;
    }

    public abstract StrategyKind Kind { get; }

    public EsSettings Settings { get; }

    public int Population => Settings.Population;

    public int Dimension { get; }

    protected ulong RunSeed { get; }

    public EsState Initialize(double[] initialMean)
    {
        ArgumentNullException.ThrowIfNull(initialMean);
        if (initialMean.Length != Dimension)
            throw new ArgumentException($"The initial mean has {initialMean.Length} dimensions; this strategy was made for {Dimension}.", nameof(initialMean));
        foreach (var x in initialMean)
            if (!double.IsFinite(x)) throw new ArgumentException("The initial mean must be finite.", nameof(initialMean));
        return Initial((double[])initialMean.Clone());
    }

    public double[][] Ask(EsState state) => Sample(Require(state));

    public EsTellResult Tell(EsState state, double[][] candidates, ReadOnlySpan<double> fitness)
    {
        var current = Require(state);
        ArgumentNullException.ThrowIfNull(candidates);
        if (fitness.Length != Population)
            throw new ArgumentException($"Expected {Population} fitness values (one per candidate), got {fitness.Length}.", nameof(fitness));
        if (candidates.Length != Population || candidates.Any(c => c is null || c.Length != Dimension))
            throw new ArgumentException($"Expected the {Population} candidates of {Dimension} parameters that Ask returned.", nameof(candidates));

        EsState next = Update(current, candidates, fitness);
        var stats = GenerationStats.Of(current.Generation, fitness);
        if (stats.BestIndex >= 0 && stats.Max > current.BestFitness)
            next = next with { BestFitness = stats.Max, BestParameters = (double[])candidates[stats.BestIndex].Clone() };
        return new EsTellResult(next, stats);
    }

    /// <summary>z of candidate (or antithetic pair) <paramref name="index"/> in <paramref name="generation"/>: standard normal, keyed by (runSeed, 1, generation, index).</summary>
    public double[] Noise(int generation, int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(generation);
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        var rng = CounterRng.Create(RunSeed, NoiseStream, (ulong)generation, (ulong)index);
        var z = new double[Dimension];
        for (var d = 0; d < z.Length; d++) z[d] = rng.GaussianAt((ulong)d);
        return z;
    }

    /// <summary>Antithetic pairs: candidate j = mean + σ ⊙ ε_j and candidate j + N/2 = mean − σ ⊙ ε_j, ε_j keyed by pair j.</summary>
    protected double[][] AntitheticPairs(int generation, double[] mean, double[] sigma)
    {
        var pairs = Population / 2;
        var candidates = new double[Population][];
        for (var j = 0; j < pairs; j++)
        {
            var eps = Noise(generation, j);
            var plus = new double[Dimension];
            var minus = new double[Dimension];
            for (var d = 0; d < Dimension; d++)
            {
                var step = sigma[d] * eps[d];
                plus[d] = mean[d] + step;
                minus[d] = mean[d] - step;
            }
            candidates[j] = plus;
            candidates[j + pairs] = minus;
        }
        return candidates;
    }

    protected abstract TState Initial(double[] mean);

    protected abstract double[][] Sample(TState state);

    /// <summary>The next generation's state; it keeps <paramref name="state"/>'s best, which <see cref="Tell"/> then updates.</summary>
    protected abstract TState Update(TState state, double[][] candidates, ReadOnlySpan<double> fitness);

    /// <summary>Extra consistency checks of a state restored from a journal (array lengths); throw <see cref="ArgumentException"/>.</summary>
    protected abstract void Check(TState state);

    private TState Require(EsState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (state is not TState typed)
            throw new ArgumentException($"{StrategyNames.Of(Kind)} cannot continue a {state.GetType().Name}.", nameof(state));
        if (typed.Mean is null || typed.Mean.Length != Dimension)
            throw new ArgumentException($"The state's mean must have {Dimension} dimensions.", nameof(state));
        if (typed.Generation < 0) throw new ArgumentException("The state's generation must be ≥ 0.", nameof(state));
        Check(typed);
        return typed;
    }

    protected static void RequireLength(double[]? values, int length, string what)
    {
        if (values is null || values.Length != length)
            throw new ArgumentException($"The state's {what} must have {length} values.", "state");
    }

    protected static void RequirePositive(double value, string what)
    {
        if (!(value > 0)) throw new ArgumentException($"The state's {what} must be > 0.", "state");
    }
}
