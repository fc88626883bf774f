using System.CommandLine;
using System.Globalization;
using EvoPo.Coordinator.Baselines;
using EvoPo.Coordinator.Config;
using EvoPo.Coordinator.Runs;

namespace EvoPo.Coordinator.Cli;

/// <summary><c>evopo baselines</c>: trains the zoo on each dataset variant and writes the mean ± standard error table.</summary>
public sealed class BaselinesCommand : CliCommand
{
    private readonly Option<string> _config = CliOptions.Text("--config", "FILE.yaml",
        "a search config: task, agents, dataset (pairs, seed, temperature), training and evaluation as a search uses them, and the section " +
        "baselines: { variants: [base, mixed, noisy], noise: [0.1, 0.2, 0.3], methods: [sft, dpo, ...] (default: all), seeds: 3 }", required: true);
    private readonly Option<string> _out = CliOptions.Text("--out", "DIR", "where baselines.md and baselines.csv go (default runs/baselines-<time>)");
    private readonly Option<int?> _seeds = CliOptions.OptionalInt("--seeds", "N", "overrides baselines.seeds", 1, 100);
    private readonly Option<bool> _json = CliOptions.Json("print the table as one JSON object (methods × variants, per-seed values) instead of Markdown");
    private readonly Option<bool> _tuned = CliOptions.Flag("--tuned",
        "tune each method over baselines.grid on validation seeds and episodes, then train the tuned methods on held-out seeds and episodes " +
        "(journaled runs, as evopo experiment without searches; table in DIR/ID/table.md)");
    private readonly Option<string> _id = CliOptions.Text("--id", "ID", "with --tuned: the name of the journaled runs (default <config name>-tuned)");
    private readonly Option<string> _runs = CliOptions.Runs("with --tuned: runs directory");
    private readonly ClusterArgs _cluster = new();

    public BaselinesCommand() : base("baselines", "train every baseline objective on each dataset variant; table of mean ± std. error (Markdown and CSV)",
        """
        --out, --seeds and --json go with the plain table; --id, --runs, --role and the cluster options with --tuned, whose
        seed nodes (for --role coordinator with workers elsewhere) come from CLUSTER_SEEDS, as --seeds is the training seeds here.
        """,
        "evopo baselines --config configs/baselines.yaml --out runs/baselines",
        "evopo baselines --config configs/table2-crawler.yaml --tuned")
    {
        CliOptions.Add(this, _config, _out, _seeds, _json, _tuned, _id, _runs);
        _cluster.AddCoordinatorTo(this, seeds: false);
    }

    protected override Task<int> RunAsync(ParseResult parse, CancellationToken cancellation)
    {
        var configPath = parse.GetRequiredValue(_config);
        var tuned = parse.GetValue(_tuned);
        if (Given(parse, tuned ? [_out, _seeds, _json] : [_id, _runs]) is { } misplaced)
            throw new UsageException(tuned ? $"{misplaced} goes with the plain table, not with --tuned" : $"{misplaced} goes with --tuned");
        if (tuned) return TunedAsync(parse, configPath, cancellation);
        var outDir = parse.GetValue(_out) ?? Path.Combine("runs", $"baselines-{DateTime.UtcNow:yyyyMMdd-HHmmss}");
        var seeds = parse.GetValue(_seeds);
        var json = parse.GetValue(_json);

        var config = SearchConfigLoader.Load(configPath);
        if (seeds is { } given) config = config with { Baselines = config.Baselines with { Seeds = given } };
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

    /// <summary>The first of <paramref name="options"/> given on the command line, or null.</summary>
    private static string? Given(ParseResult parse, Option[] options) =>
        options.FirstOrDefault(o => parse.GetResult(o) is { Implicit: false })?.Name;

    /// <summary>The experiment without searches: each method tuned on its grid (validation), then the held-out table.</summary>
    private async Task<int> TunedAsync(ParseResult parse, string configPath, CancellationToken cancellation)
    {
        var runs = parse.GetRequiredValue(_runs);
        var id = parse.GetValue(_id) ?? Path.GetFileNameWithoutExtension(configPath) + "-tuned";
        var cluster = _cluster.ReadCoordinator(parse, runs);
        if (!File.Exists(configPath)) throw new CliException($"config file '{configPath}' not found");
        var config = SearchConfigLoader.Load(configPath);
        config = config with { Experiment = config.Experiment with { Searches = [] } };
        using var console = ConsoleProgress.Stdout();
        var runner = new Experiments.ExperimentRunner(new Experiments.ExperimentPlan(id, config), configPath, runs, cluster, console, Verbose(parse));
        var table = await runner.RunAsync(cancellation);
        console.WriteLine();
        console.WriteLine(table);
        console.WriteLine($"wrote {Path.Combine(runner.Folder, "table.md")} and table.csv");
        return 0;
    }
}
