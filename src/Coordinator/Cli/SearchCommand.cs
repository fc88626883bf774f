using EvoPo.Coordinator.Config;
using EvoPo.Coordinator.Hosting;
using EvoPo.Coordinator.Runs;
using EvoPo.Messages.Search;

namespace EvoPo.Coordinator.Cli;

/// <summary><c>evopo search</c>: create a run from a config and drive it to the end on the embedded cluster.</summary>
public sealed class SearchCommand : ICliCommand
{
    public string Name => "search";

    public string Summary => "start an ES search for a preference-optimization loss (embedded cluster, SQLite)";

    public string Usage => $"""
        usage: evopo search --config FILE [--runs DIR] [--run-id ID] [--hold] [--verbose] [--role R] [cluster options]

          --config FILE   search config (YAML); see configs/quickstart.yaml
          --runs DIR      runs directory (default: runs); the run is written to DIR/<run-id>/
          --run-id ID     name the run ID instead of a fresh timestamped id; if DIR/ID exists, continue it
                          (as `evopo resume ID`): a restarted container runs the same command
          --hold          when the run has ended, keep the process (and --http-port's /healthz) up until stopped,
                          so an orchestrator does not start it again
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
        var runId = args.Option("run-id");
        var hold = args.Flag("hold");
        var roles = ClusterArgs.Roles(args);
        var cluster = ClusterArgs.Read(args, roles, JournalOptions.Sqlite(RunFolder.DatabasePathOf(runs)));
        args.EnsureAllUsed(maxPositionals: 0);
        if (!File.Exists(configPath)) throw new CliException($"config file '{configPath}' not found");

        var config = SearchConfigLoader.Load(configPath);
        await using var http = Http.NodeHttpServer.StartIfRequested(ref cluster);
        // Before the run folder exists: an unreachable journal must not leave a run behind that never started.
        if (cluster.Journal is not null) await JournalPreflight.CheckAsync(cluster.Journal, cancellation);
        var folder = Folder(runs, runId);
        RunCreated? created = null;
        if (folder.Exists)
        {
            Console.WriteLine($"run id: {folder.RunId} (exists: continuing it from its journal)");
        }
        else
        {
            Console.WriteLine($"run id: {folder.RunId}");
            created = SearchSession.Prepare(config, configPath, folder, Console.Out);
        }
        var outcome = await SearchSession.DriveAsync(folder, created, cluster, Console.Out, verbose, cancellation);
        var code = outcome.Succeeded ? 0 : CliApp.Failure;
        if (!hold) return code;
        Console.WriteLine($"run {folder.RunId} ended; holding until stopped (--hold)");
        await Task.Delay(Timeout.Infinite, cancellation).ContinueWith(_ => { }, CancellationToken.None);
        return code;
    }

    private static RunFolder Folder(string runs, string? runId)
    {
        try
        {
            return new RunFolder(runs, runId ?? RunFolder.NewRunId(DateTime.UtcNow));
        }
        catch (ArgumentException e)
        {
            throw new UsageException("search", "--run-id: " + e.Message);
        }
    }
}
