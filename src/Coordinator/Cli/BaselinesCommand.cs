using System.Globalization;
using EvoPo.Coordinator.Baselines;
using EvoPo.Coordinator.Config;
using EvoPo.Coordinator.Runs;

namespace EvoPo.Coordinator.Cli;

/// <summary><c>evopo baselines</c>: trains the zoo on each dataset variant and writes the mean ± standard error table.</summary>
public sealed class BaselinesCommand : ICliCommand
{
    public string Name => "baselines";

    public string Summary => "train every baseline objective on each dataset variant; table of mean ± std. error (Markdown and CSV)";

    public string Usage => """
        usage: evopo baselines --config <file.yaml> [--out DIR] [--seeds N] [--json]
               evopo baselines --config <file.yaml> --tuned [--id ID] [--runs DIR] [--verbose] [cluster options]

          --config <file.yaml>    a search config: task, agents, dataset (pairs, seed, temperature), training and evaluation
                                  as a search uses them, and the section baselines: { variants: [base, mixed, noisy],
                                  noise: [0.1, 0.2, 0.3], methods: [sft, dpo, ...] (default: all), seeds: 3 }
          --out DIR               where baselines.md and baselines.csv go (default runs/baselines-<time>)
          --seeds N               overrides baselines.seeds
          --json                  print the table as one JSON object (methods × variants, per-seed values) instead of Markdown
          --tuned                 tune each method over baselines.grid on validation seeds and episodes, then train the tuned
                                  methods on held-out seeds and episodes (journaled runs, as evopo experiment without searches;
                                  table in DIR/ID/table.md, ID default <config name>-tuned)

        example:
          evopo baselines --config configs/baselines.yaml --out runs/baselines
        """;

    public Task<int> RunAsync(CliArgs args, CancellationToken cancellation)
    {
        var configPath = args.Required("config");
        if (args.Flag("tuned")) return TunedAsync(args, configPath, cancellation);
        var outDir = args.Option("out") ?? Path.Combine("runs", $"baselines-{DateTime.UtcNow:yyyyMMdd-HHmmss}");
        var seedsGiven = args.Option("seeds") is not null;
        var seeds = args.Int("seeds", 0, 1, 100);
        var json = args.Flag("json");
        args.EnsureAllUsed(0);

        var config = SearchConfigLoader.Load(configPath);
        if (seedsGiven) config = config with { Baselines = config.Baselines with { Seeds = seeds } };
        BaselinesOutcome outcome;
        // With --json the progress lines go to stderr: stdout is the JSON alone.
        using (var console = json ? new ConsoleProgress(Console.Error, ConsoleProgress.Wanted(Console.IsErrorRedirected)) : ConsoleProgress.Stdout())
        {
            try
            {
                outcome = new BaselinesRunner(config, configPath, console, advanced: console.Update).Run(cancellation);
            }
            catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
            {
                console.WriteLine($"stopped before the end: nothing written to {outDir} (files already there are unchanged)");
                throw;
            }
        }

        var markdown = $"# Baselines\n\n{BaselinesTable.Markdown(outcome)}\n" +
                       string.Create(CultureInfo.InvariantCulture, $"Wall time {outcome.WallSeconds:F0} s (`evopo baselines --config {configPath}`).\n");
        try
        {
            Directory.CreateDirectory(outDir);
            AtomicFile.WriteAllText(Path.Combine(outDir, "baselines.md"), markdown);
            AtomicFile.WriteAllText(Path.Combine(outDir, "baselines.csv"), BaselinesTable.Csv(outcome));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliException($"cannot write to '{outDir}' ({e.Message})", e);
        }
        if (json)
        {
            Console.Out.WriteLine(BaselinesTable.Json(outcome));
            return Task.FromResult(0);
        }
        Console.Out.WriteLine();
        Console.Out.Write(BaselinesTable.Markdown(outcome));
        Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"\ndone in {outcome.WallSeconds:F0} s; wrote {Path.Combine(outDir, "baselines.md")} and baselines.csv"));
        return Task.FromResult(0);
    }

    /// <summary>The experiment without searches: each method tuned on its grid (validation), then the held-out table.</summary>
    private static async Task<int> TunedAsync(CliArgs args, string configPath, CancellationToken cancellation)
    {
        var runs = args.Option("runs") ?? "runs";
        var id = args.Option("id") ?? Path.GetFileNameWithoutExtension(configPath) + "-tuned";
        var cluster = ClusterArgs.Read(args, ClusterArgs.Roles(args), Hosting.JournalOptions.Sqlite(RunFolder.DatabasePathOf(runs)));
        args.EnsureAllUsed(0);
        if (!File.Exists(configPath)) throw new CliException($"config file '{configPath}' not found");
        var config = SearchConfigLoader.Load(configPath);
        config = config with { Experiment = config.Experiment with { Searches = [] } };
        using var console = ConsoleProgress.Stdout();
        var runner = new Experiments.ExperimentRunner(new Experiments.ExperimentPlan(id, config), configPath, runs, cluster, console, args.Flag("verbose"));
        var table = await runner.RunAsync(cancellation);
        console.WriteLine();
        console.WriteLine(table);
        console.WriteLine($"wrote {Path.Combine(runner.Folder, "table.md")} and table.csv");
        return 0;
    }
}
