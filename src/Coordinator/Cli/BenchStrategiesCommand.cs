using System.Globalization;
using EvoPo.Coordinator.Bench;
using EvoPo.Coordinator.Es;

namespace EvoPo.Coordinator.Cli;

/// <summary><c>evopo bench strategies</c>: evaluations-to-target of every strategy on sphere, Rosenbrock and Rastrigin (<see cref="StrategyBench"/>).</summary>
public sealed class BenchStrategiesCommand : ICliCommand
{
    public string Name => "bench strategies";

    public string Summary => "evaluations to target of each ES strategy on sphere, Rosenbrock and Rastrigin (dimension 10 and 100)";

    public string Usage => """
        usage: evopo bench strategies [--dims 10,100] [--seeds 5] [--budget-per-dim 1000] [--strategies a,b] [--json]

        Every strategy with its defaults and population 4 + ⌊3 ln d⌋ (even), from x₀ = 1 (sphere), 0 (Rosenbrock),
        3 (Rastrigin) with σ₀ = 0.5, 0.5, 2; targets f ≤ 1e-8, 1e-8 and d. Budget: the larger of 20 000 and
        budget-per-dim × d evaluations. Prints the median evaluations to the target (hits/seeds) and the median best f.

        example:
          evopo bench strategies --dims 10,100 --seeds 5
        """;

    public Task<int> RunAsync(CliArgs args, CancellationToken cancellation)
    {
        var dims = args.IntList("dims", [10, 100]);
        var seeds = args.Int("seeds", 5, 1, 1000);
        var perDim = args.Int("budget-per-dim", 1000, 1, 1_000_000);
        var strategies = args.Option("strategies") is { } list ? list.Split(',').Select(ParseStrategy).ToArray() : Enum.GetValues<StrategyKind>();
        var json = args.Flag("json");
        args.EnsureAllUsed(0);
        if (dims.Any(d => d < 2 || d > 10_000)) throw new UsageException(Name, "--dims must be integers in [2, 10000]");
        var log = json ? Console.Error : Console.Out;

        var rows = new List<StrategyBenchRow>();
        foreach (var d in dims)
        foreach (var strategy in strategies)
        {
            if (strategy == StrategyKind.CmaEs && d > CmaEs.MaxDimension) continue;
            foreach (var function in BenchFunction.All)
            {
                cancellation.ThrowIfCancellationRequested();
                var row = StrategyBench.Measure(strategy, function, d, Math.Max(20_000, perDim * d), seeds);
                log.WriteLine(Line(row));
                rows.Add(row);
            }
        }
        if (json)
        {
            Console.WriteLine(System.Text.Json.JsonSerializer.Serialize(rows, new System.Text.Json.JsonSerializerOptions(System.Text.Json.JsonSerializerDefaults.Web)));
            return Task.FromResult(0);
        }
        Console.WriteLine();
        Console.WriteLine("| strategy | function | d | budget | target | evaluations to target (median) | hits | best f (median) |");
        Console.WriteLine("|---|---|---:|---:|---:|---:|---:|---:|");
        foreach (var r in rows)
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {r.Strategy} | {r.Function} | {r.Dimension} | {r.Budget} | {r.Target:G3} | {(r.MedianEvaluations is { } m ? m.ToString(CultureInfo.InvariantCulture) : "—")} | {r.Hits}/{r.Evaluations.Length} | {r.MedianBest:G3} |"));
        return Task.FromResult(0);
    }

    private static string Line(StrategyBenchRow r) => string.Create(CultureInfo.InvariantCulture,
        $"{r.Strategy,-10} {r.Function,-10} d={r.Dimension,-4} evaluations [{string.Join(", ", r.Evaluations.Select(e => e?.ToString(CultureInfo.InvariantCulture) ?? "—"))}] best [{string.Join(", ", r.Best.Select(b => b.ToString("G3", CultureInfo.InvariantCulture)))}]");

    private StrategyKind ParseStrategy(string name) =>
        StrategyNames.TryParse(name.Trim(), out var kind) ? kind : throw new UsageException(Name, $"--strategies: '{name}' is not one of {string.Join(", ", StrategyNames.All)}");
}
