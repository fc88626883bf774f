using System.CommandLine;
using EvoPo.Coordinator.Config;
using EvoPo.Coordinator.Experiments;
using EvoPo.Coordinator.Hosting;
using EvoPo.Coordinator.Runs;

namespace EvoPo.Coordinator.Cli;

/// <summary><c>evopo experiment</c>: the seed paper's Table 2 — tuned baselines, searches, held-out table — as journaled runs.</summary>
public sealed class ExperimentCommand : CliCommand
{
    private readonly Option<string> _config = CliOptions.Text("--config", "FILE",
        "an experiment config (a search config with baselines: and experiment: sections); see configs/table2-crawler.yaml", required: true);
    private readonly Option<string> _id = CliOptions.Text("--id", "ID",
        "the experiment's name (default: the config file's name); its runs are DIR/ID-sweep-*, DIR/ID-search-*, DIR/ID-heldout-*, and its table DIR/ID/table.md");
    private readonly Option<string> _runs = CliOptions.Runs();
    private readonly ClusterArgs _cluster = new();

    public ExperimentCommand() : base("experiment", "tune every baseline, search on chosen datasets, and judge all on held-out seeds and episodes (Table 2)",
        """
        Every agent trains as work units of ordinary runs (journaled): stop it at any moment and run the same
        command again to continue where it stopped; finished runs are read, not run again.
        """,
        "evopo experiment --config configs/table2-crawler.yaml")
    {
        CliOptions.Add(this, _config, _id, _runs);
        _cluster.AddCoordinatorTo(this);
    }

    protected override async Task<int> RunAsync(ParseResult parse, CancellationToken cancellation)
    {
        var configPath = parse.GetRequiredValue(_config);
        var runs = parse.GetRequiredValue(_runs);
        var verbose = Verbose(parse);
        var id = parse.GetValue(_id) ?? Path.GetFileNameWithoutExtension(configPath);
        var cluster = _cluster.ReadCoordinator(parse, runs);
        if (!File.Exists(configPath)) throw new CliException($"config file '{configPath}' not found");
        if (!RunFolder.IsRunId(id + "-heldout-noisy-0p00"))
            throw new CliException($"--id '{id}': use letters, digits, - and _ only, at most 40 characters");

        var config = SearchConfigLoader.Load(configPath);
        await using var http = Http.NodeHttpServer.StartIfRequested(ref cluster);
        using var console = ConsoleProgress.Stdout();
        var runner = new ExperimentRunner(new ExperimentPlan(id, config), configPath, runs, cluster, console, verbose);
        console.WriteLine($"experiment {id}: runs in {Path.GetFullPath(runs)}");
        try
        {
            var table = await runner.RunAsync(cancellation);
            console.WriteLine();
            console.WriteLine(table);
            console.WriteLine($"wrote {Path.Combine(runner.Folder, "table.md")} and table.csv");
            return 0;
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            console.WriteLine($"stopped; continue with the same command: evopo experiment --config {configPath} --id {id} --runs {runs}");
            throw;
        }
    }
}
