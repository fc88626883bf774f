using System.CommandLine;
using EvoPo.Coordinator.Config;
using EvoPo.Coordinator.Hosting;
using EvoPo.Coordinator.Runs;
using EvoPo.Coordinator.Search;
using EvoPo.Messages.Search;

namespace EvoPo.Coordinator.Cli;

/// <summary><c>evopo search</c>: create a run from a config and drive it to the end on the embedded cluster.</summary>
public sealed class SearchCommand : CliCommand
{
    private readonly Option<string> _config = CliOptions.Text("--config", "FILE", "search config (YAML); see configs/quickstart.yaml", required: true);
    private readonly Option<string> _runs = CliOptions.Runs();
    private readonly Option<string> _runId = CliOptions.Text("--run-id", "ID",
        "name the run instead of a fresh time-stamped id; if the journal holds run ID with the same config it is resumed (or reported, when " +
        "finished), so a supervisor (Kubernetes, compose, systemd) can simply restart the same command after a crash; another config is refused");
    private readonly Option<bool> _overwrite = CliOptions.Flag("--overwrite",
        "with --run-id: a folder DIR/ID that holds files but no journaled run (its journal was lost) is refused; this deletes its contents and starts a new run there");
    private readonly Option<bool> _hold = CliOptions.Flag("--hold",
        "when the run has ended, keep the process (and --http-port's /healthz) up until stopped, so an orchestrator does not start it again");
    private readonly ClusterArgs _cluster = new();

    public SearchCommand() : base("search", "start an ES search for a preference-optimization loss (embedded cluster, SQLite)",
        "Ctrl-C stops after persisting what is done; continue with `evopo resume <run-id>`.",
        "evopo search --config configs/quickstart.yaml",
        "evopo search --config configs/quickstart.yaml --run-id nightly-1 --runs /data/runs")
    {
        CliOptions.Add(this, _config, _runs, _runId, _overwrite, _hold);
        _cluster.AddCoordinatorTo(this);
    }

    protected override async Task<int> RunAsync(ParseResult parse, CancellationToken cancellation)
    {
        var configPath = parse.GetRequiredValue(_config);
        var runs = parse.GetRequiredValue(_runs);
        var verbose = Verbose(parse);
        var fixedId = parse.GetValue(_runId);
        var hold = parse.GetValue(_hold);
        var overwrite = parse.GetValue(_overwrite);
        var cluster = _cluster.ReadCoordinator(parse, runs);
        if (!File.Exists(configPath)) throw new CliException($"config file '{configPath}' not found");
        if (File.Exists(runs)) throw new CliException($"--runs '{runs}' is a file; it must be a directory of runs (created when missing)");
        if (overwrite && fixedId is null) throw new UsageException("--overwrite goes with --run-id (a fresh run id never names a folder that exists)");

        var config = SearchConfigLoader.Load(configPath);
        await using var http = Http.NodeHttpServer.StartIfRequested(ref cluster);
        // Before the run folder exists: an unreachable journal must not leave a run behind that never started.
        if (cluster.Journal is not null) await JournalPreflight.CheckAsync(cluster.Journal, cancellation);
        var folder = NewFolder(runs, fixedId ?? RunFolder.NewRunId(DateTime.UtcNow));
        using var console = ConsoleProgress.Stdout();
        console.WriteLine($"run id: {folder.RunId}");
        if (fixedId is not null && await ExistingRunAsync(folder, config, configPath, overwrite, cluster, console, cancellation) is ({ } state, { } existing))
        {
            if (state == "finished")
            {
                console.WriteLine($"run {folder.RunId} is already finished; report {folder.ReportPath}");
                JournaledFiles.Restore(folder, existing, console);
                return await HoldAsync(folder, 0);
            }
            // "this config": the one in the journal, which the given config was compared with (ExistingRunAsync).
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
    /// The journaled state of a run named by <c>--run-id</c> (its label and what its journal holds), or null when the
    /// journal holds no run of that id and a new one may be prepared in its folder. The journal's config is the run's: any
    /// other config is refused, whatever config.yaml says (or whether it is there at all). A folder the journal knows
    /// nothing of is prepared again only where that loses nothing (<see cref="UnjournaledFolder"/>), or with <c>--overwrite</c>.
    /// </summary>
    internal static async Task<(string State, SearchRunState Run)?> ExistingRunAsync(RunFolder folder, SearchConfig config, string configPath,
        bool overwrite, NodeOptions cluster, TextWriter console, CancellationToken cancellation)
    {
        var journal = cluster.Journal ?? JournalOptions.Sqlite(folder.DatabasePath);
        var replay = await RunJournalReader.ReplayAsync(folder, journal, fromFirstEvent: false, cancellation);
        if (replay.Error is not null) throw new CliException($"run {folder.RunId}: its journal cannot be read: {replay.Error}");
        if (replay.State is { } existing)
        {
            if (overwrite)
                throw new CliException($"run {folder.RunId} is in {journal.Describe()}: {UnjournaledFolder.OverwriteFlag} only replaces a folder whose run " +
                                       $"the journal does not hold; continue it with `evopo resume {folder.RunId}`, or pick another --run-id");
            if (ConfigDifference.Between(existing.Plan.Config, config) is { Count: > 0 } differences)
                throw new CliException($"run {folder.RunId} exists with a different config in its journal than {configPath} (" +
                                       $"{ConfigDifference.Describe(differences)}); a run's config never changes: pick another --run-id, " +
                                       $"or continue it with `evopo resume {folder.RunId}`");
            if (!folder.Exists)
                throw new CliException($"run {folder.RunId} is in {journal.Describe()}, but its folder {folder.Folder} is gone, and with it the " +
                                       "dataset and agents it trains on: restore the folder (or pass --runs DIR if it is elsewhere), or pick another --run-id");
            return (RunJournalReader.LiveStatus(folder, replay, await RunJournalReader.LeasedAsync(journal, cancellation)).State, existing);
        }
        if (RunLock.IsHeld(folder.LockPath))
            throw new CliException($"run {folder.RunId} is being driven by another process (lock {folder.LockPath})");
        if (UnjournaledFolder.Refusal(folder, SearchConfigLoader.ToYaml(config), journal.Describe()) is { } refusal)
        {
            if (!overwrite) throw new CliException(refusal);
            console.WriteLine($"{UnjournaledFolder.OverwriteFlag}: deleting the contents of {folder.Folder} (no journaled run '{folder.RunId}')");
            UnjournaledFolder.Clear(folder);
        }
        return null;
    }
}
