using EvoPo.Coordinator.Es;

namespace EvoPo.Coordinator.Bench;

/// <summary>
/// Evaluations each strategy needs to reach a function's target, the way the references were measured (docs/benchmarks.md):
/// every strategy with its defaults, the same population 4 + ⌊3 ln d⌋ rounded up to even, the same x₀ and σ₀; a run
/// stops at the first evaluation at or below the target, or at the budget. Pure and seeded.
/// </summary>
public static class StrategyBench
{
    public static int Population(int dimension)
    {
        var lambda = 4 + (int)(3 * Math.Log(dimension));
        return lambda + lambda % 2;
    }

    public static EsSettings Settings(StrategyKind strategy, BenchFunction function, int dimension) =>
        new() { Strategy = strategy, Population = Population(dimension), Sigma0 = function.Sigma0 };

    /// <summary>One run: the evaluations at which the target was first reached (null if not within the budget) and the best f seen.</summary>
    public static (int? Evaluations, double Best) Run(StrategyKind strategy, BenchFunction function, int dimension, int budget, ulong seed)
    {
        var es = Strategies.Create(Settings(strategy, function, dimension), seed, dimension);
        var state = es.Initialize(Enumerable.Repeat(function.Start, dimension).ToArray());
        var target = function.Target(dimension);
        var best = double.PositiveInfinity;
        var evaluations = 0;
        while (evaluations + es.Population <= budget)
        {
            var candidates = es.Ask(state);
            var fitness = new double[candidates.Length];
            for (var i = 0; i < candidates.Length; i++)
            {
                var f = function.F(candidates[i]);
                fitness[i] = -f;
                evaluations++;
                best = Math.Min(best, f);
                if (best <= target) return (evaluations, best);
            }
            state = es.Tell(state, candidates, fitness).State;
        }
        return (null, best);
    }

    /// <summary><see cref="Run"/> over seeds 0 … <paramref name="seeds"/> − 1.</summary>
    public static StrategyBenchRow Measure(StrategyKind strategy, BenchFunction function, int dimension, int budget, int seeds)
    {
        var runs = Enumerable.Range(0, seeds).Select(s => Run(strategy, function, dimension, budget, (ulong)s)).ToArray();
        return new StrategyBenchRow(StrategyNames.Of(strategy), function.Name, dimension, budget, function.Target(dimension),
            runs.Select(r => r.Evaluations).ToArray(), runs.Select(r => r.Best).ToArray());
    }
}
