using EvoPo.Coordinator.Config;
using EvoPo.Coordinator.Hosting;
using EvoPo.Coordinator.Runs;

namespace EvoPo.Coordinator.Cli;

/// <summary><c>evopo search</c>: create a run from a config and drive it to the end on the embedded cluster.</summary>
public sealed class SearchCommand : ICliCommand
{
    public string Name => "search";

    public string Summary => "start an ES search for a preference-optimization loss (embedded cluster, SQLite)";

    public string Usage => $"""
        usage: evopo search --config FILE [--runs DIR] [--verbose] [--role R] [cluster options]

          --config FILE   search config (YAML); see configs/quickstart.yaml
          --runs DIR      runs directory (default: runs); the run is written to DIR/<run-id>/
          --verbose       also print a line per completed work unit
          --role R        both (default: embedded node with a worker) | coordinator (workers join with `evopo worker`)
        {ClusterArgs.Help}
        Ctrl-C stops after persisting what is done; continue with `evopo resume <run-id>`.

        example:
          evopo search --config configs/quickstart.yaml
        """;

    public async Task<int> RunAsync(CliArgs args, CancellationToken cancellation)
    {
        var configPath = args.Required("config");
        var runs = args.Option("runs") ?? "runs";
        var verbose = args.Flag("verbose");
        var roles = ClusterArgs.Roles(args);
        var cluster = ClusterArgs.Read(args, roles, JournalOptions.Sqlite(RunFolder.DatabasePathOf(runs)));
        args.EnsureAllUsed(maxPositionals: 0);
        if (!File.Exists(configPath)) throw new CliException($"config file '{configPath}' not found");

        var config = SearchConfigLoader.Load(configPath);
        // Before the run folder exists: an unreachable journal must not leave a run behind that never started.
        if (cluster.Journal is not null) await JournalPreflight.CheckAsync(cluster.Journal, cancellation);
        var folder = new RunFolder(runs, RunFolder.NewRunId(DateTime.UtcNow));
        using var console = ConsoleProgress.Stdout();
        console.WriteLine($"run id: {folder.RunId}");
        var created = SearchSession.Prepare(config, configPath, folder, console);
        var outcome = await SearchSession.DriveAsync(folder, created, cluster, console, verbose, cancellation, console.Update);
        return outcome.Succeeded ? 0 : CliApp.Failure;
    }
}
