using System.CommandLine;
using System.Globalization;
using EvoPo.Coordinator.Bench;
using EvoPo.Coordinator.Es;

namespace EvoPo.Coordinator.Cli;

/// <summary><c>evopo bench strategies</c>: evaluations-to-target of every strategy on sphere, Rosenbrock and Rastrigin (<see cref="StrategyBench"/>).</summary>
public sealed class BenchStrategiesCommand : CliCommand
{
    private readonly Option<NumberList> _dims = CliOptions.IntList("--dims", "dimensions, each in [2, 10000]", [10, 100]);
    private readonly Option<int> _seeds = CliOptions.Int("--seeds", "N", "runs per strategy, function and dimension", 5, 1, 1000);
    private readonly Option<int> _budgetPerDim = CliOptions.Int("--budget-per-dim", "N", "evaluations per dimension (at least 20 000 in all)", 1000, 1, 1_000_000);
    private readonly Option<string> _strategies = CliOptions.Text("--strategies", "S,S,...", $"strategies to run (default: all of {string.Join(", ", StrategyNames.All)})");
    private readonly Option<bool> _json = CliOptions.Json("print the rows as one JSON array (the per-row lines go to stderr)");

    public BenchStrategiesCommand() : base("strategies", "evaluations to target of each ES strategy on sphere, Rosenbrock and Rastrigin (dimension 10 and 100)",
        """
        Every strategy with its defaults and population 4 + ⌊3 ln d⌋ (even), from x₀ = 1 (sphere), 0 (Rosenbrock),
        3 (Rastrigin) with σ₀ = 0.5, 0.5, 2; targets f ≤ 1e-8, 1e-8 and d. Budget: the larger of 20 000 and
        budget-per-dim × d evaluations. Prints the median evaluations to the target (hits/seeds) and the median best f.
        """,
        "evopo bench strategies --dims 10,100 --seeds 5")
    {
        CliOptions.Add(this, _dims, _seeds, _budgetPerDim, _strategies, _json);
    }

    protected override Task<int> RunAsync(ParseResult parse, CancellationToken cancellation)
    {
        var dims = parse.GetRequiredValue(_dims).Values;
        var seeds = parse.GetValue(_seeds);
        var perDim = parse.GetValue(_budgetPerDim);
        var strategies = parse.GetValue(_strategies) is { } list ? list.Split(',').Select(ParseStrategy).ToArray() : Enum.GetValues<StrategyKind>();
        var json = parse.GetValue(_json);
        if (dims.Any(d => d < 2 || d > 10_000)) throw new UsageException("--dims must be integers in [2, 10000]");
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

    private static StrategyKind ParseStrategy(string name) =>
        StrategyNames.TryParse(name.Trim(), out var kind) ? kind : throw new UsageException($"--strategies: '{name}' is not one of {string.Join(", ", StrategyNames.All)}");
}
