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
          --hold          when the run has ended, keep the process (and --http-port's /healthz) up until stopped,
                          so an orchestrator does not start it again
          --verbose       also print a line per completed work unit
          --run-id ID     name the run instead of a fresh time-stamped id; if ID exists with the same config it is
                          resumed (or reported, when finished), so a supervisor (Kubernetes, compose, systemd) can
                          simply restart the same command after a crash
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
        var fixedId = args.Option("run-id");
        var hold = args.Flag("hold");
        var roles = ClusterArgs.Roles(args);
        var cluster = ClusterArgs.Read(args, roles, JournalOptions.Sqlite(RunFolder.DatabasePathOf(runs)));
        args.EnsureAllUsed(maxPositionals: 0);
        if (!File.Exists(configPath)) throw new CliException($"config file '{configPath}' not found");
        if (File.Exists(runs)) throw new CliException($"--runs '{runs}' is a file; it must be a directory of runs (created when missing)");

        var config = SearchConfigLoader.Load(configPath);
        await using var http = Http.NodeHttpServer.StartIfRequested(ref cluster);
        // Before the run folder exists: an unreachable journal must not leave a run behind that never started.
        if (cluster.Journal is not null) await JournalPreflight.CheckAsync(cluster.Journal, cancellation);
        var folder = NewFolder(runs, fixedId ?? RunFolder.NewRunId(DateTime.UtcNow));
        using var console = ConsoleProgress.Stdout();
        console.WriteLine($"run id: {folder.RunId}");
        if (fixedId is not null && folder.Exists && await ExistingRunAsync(folder, config, cluster, cancellation) is { } state)
        {
            if (state == "finished")
            {
                console.WriteLine($"run {folder.RunId} is already finished; report {folder.ReportPath}");
                return await HoldAsync(folder, 0);
            }
            console.WriteLine($"run {folder.RunId} exists ({state}) with this config: resuming it");
            var resumed = await SearchSession.DriveAsync(folder, create: null, cluster, console, verbose, cancellation, console.Update);
            return await HoldAsync(folder, resumed.Succeeded ? 0 : CliApp.Failure);
        }
        var created = SearchSession.Prepare(config, configPath, folder, console);
        var outcome = await SearchSession.DriveAsync(folder, created, cluster, console, verbose, cancellation, console.Update);
        return await HoldAsync(folder, outcome.Succeeded ? 0 : CliApp.Failure);

        async Task<int> HoldAsync(RunFolder run, int code)
        {
            if (!hold) return code;
            console.WriteLine($"run {run.RunId} ended; holding until stopped (--hold)");
            await Task.Delay(Timeout.Infinite, cancellation).ContinueWith(_ => { }, CancellationToken.None);
            return code;
        }
    }

    private static RunFolder NewFolder(string runs, string runId)
    {
        try
        {
            return new RunFolder(runs, runId);
        }
        catch (ArgumentException e)
        {
            throw new CliException($"--run-id: {e.Message}");
        }
    }

    /// <summary>
    /// The journaled state of a run folder that already exists, or null when its journal holds no run yet (the
    /// process died while preparing it: preparing again is safe, nothing was recorded).
    /// </summary>
    private static async Task<string?> ExistingRunAsync(RunFolder folder, SearchConfig config, NodeOptions cluster, CancellationToken cancellation)
    {
        if (File.Exists(folder.ConfigPath) && File.ReadAllText(folder.ConfigPath) != SearchConfigLoader.ToYaml(config))
            throw new CliException($"run {folder.RunId} exists with a different config ({folder.ConfigPath}); " +
                                   "a run's config never changes: pick another --run-id, or resume it with `evopo resume`");
        var journal = cluster.Journal ?? JournalOptions.Sqlite(folder.DatabasePath);
        var status = await StatusCommand.ReadAsync(folder, journal, cancellation);
        return status.State switch
        {
            "unknown" => null,
            "unreadable" => throw new CliException($"run {folder.RunId}: its journal cannot be read: {status.FailureReason}"),
            _ => status.State,
        };
    }
}
