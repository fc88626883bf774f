using System.Collections.Concurrent;
using Akka.Actor;
using EvoPo.Coordinator.Cli;
using EvoPo.Coordinator.Config;
using EvoPo.Coordinator.Hosting;
using EvoPo.Coordinator.Runs;
using EvoPo.Coordinator.Search;
using EvoPo.Coordinator.Store;
using EvoPo.Messages.Search;
using Microsoft.AspNetCore.Http;

namespace EvoPo.Coordinator.Api;

/// <summary>
/// The runs a long-lived coordinator (<c>evopo coordinator</c>) hosts: each submission is validated as <c>evopo search</c>
/// validates its config, prepared into its run folder, and driven by its own SearchRun actor on this node
/// (<see cref="SearchSession.Start"/>, the same code path as <c>evopo search</c>), all runs sharing the workers' slots
/// through the node's <see cref="SlotLedger"/>. The host holds each run's lock while it drives it, so <c>status</c> and
/// <c>runs</c> (here or on any machine that reads the runs directory and journal) say "running". Runs the journal holds
/// unfinished are taken up again when the coordinator starts. Each run's files are kept in the run store of the journal
/// database as well (<see cref="StoredRunOutputs"/>): its inputs when it is submitted, its outputs as they are written.
/// </summary>
public sealed class RunHost(EvoPoNode node, string runs, JournalOptions journal, TextWriter console)
{
    private readonly RunFolderStore _store = new(new RunArtifactStore(new RunDatabase(journal)));

    private readonly ConcurrentDictionary<string, Hosted> _hosted = new(StringComparer.Ordinal);

    /// <summary>Agent paths of a submitted config are looked up from the coordinator's working directory (and above).</summary>
    private static string ConfigAnchor => Path.Combine(Environment.CurrentDirectory, "submitted.yaml");

    public string RunsDirectory => runs;

    /// <summary>Validates and prepares the config and starts its run; a bad config is refused before anything is stored.</summary>
    public async Task<string> SubmitAsync(string yaml, CancellationToken cancellation)
    {
        SearchConfig config;
        try
        {
            config = SearchConfigLoader.Parse(yaml, "submitted config");
        }
        catch (ConfigException e)
        {
            throw new ApiProblem(StatusCodes.Status400BadRequest, e.Message);
        }
        var folder = new RunFolder(runs, RunFolder.NewRunId(DateTime.UtcNow));
        RunCreated created;
        try
        {
            created = await Task.Run(() => SearchSession.Prepare(config, ConfigAnchor, folder, new RunLines(console, folder.RunId)), cancellation);
        }
        catch (CliException e)
        {
            throw new ApiProblem(StatusCodes.Status400BadRequest, e.Message);
        }
        // Before the run is journaled: a run another coordinator may take over always finds its inputs.
        await _store.StoreAsync(folder, names: null, cancellation);
        console.WriteLine($"run id: {folder.RunId} (submitted)");
        Host(folder, created);
        return folder.RunId;
    }

    /// <summary>Takes up every run the journal holds unfinished whose folder is here and that no other process drives.</summary>
    public async Task ResumeUnfinishedAsync(CancellationToken cancellation)
    {
        foreach (var row in await RunsCommand.ReadAsync(runs, journal, cancellation))
        {
            var folder = new RunFolder(runs, row.Status.RunId);
            if (row.Status.State != "stopped" || !folder.Exists) continue;
            // Files lost from the folder since (a config.yaml, the dataset) come back from the run store.
            await MaterializeAsync(folder, cancellation);
            if (!File.Exists(folder.ConfigPath)) continue;
            console.WriteLine($"run {row.Status.RunId} is unfinished in the journal: resuming it");
            Host(folder, create: null);
        }
    }

    /// <summary>Writes the run's stored files that its folder lacks, saying so.</summary>
    private async Task MaterializeAsync(RunFolder folder, CancellationToken cancellation)
    {
        var plan = await _store.MaterializeAsync(folder, cancellation);
        if (plan.Write.Count > 0)
            console.WriteLine($"run {folder.RunId}: wrote {string.Join(", ", plan.Write.Select(f => f.Name))} from the run store into {folder.Folder}");
    }

    public Task<IReadOnlyList<RunRow>> ListAsync(CancellationToken cancellation) => RunsCommand.ReadAsync(runs, journal, cancellation);

    public async Task<RunStatus> StatusAsync(string runId, CancellationToken cancellation)
    {
        var status = await StatusCommand.ReadAsync(Existing(runId), journal, cancellation);
        return status.State == "unknown" ? throw new ApiProblem(StatusCodes.Status404NotFound, $"no run '{runId}' on this coordinator") : status;
    }

    /// <summary>Cancels a run this coordinator drives: journaled as cancelled, its units are sent no more.</summary>
    public async Task<RunStatus> CancelAsync(string runId, string reason, CancellationToken cancellation)
    {
        if (!_hosted.TryGetValue(runId, out var hosted))
        {
            var status = await StatusAsync(runId, cancellation);
            throw new ApiProblem(StatusCodes.Status409Conflict, status.State is "finished" or "failed" or "cancelled"
                ? $"run {runId} is {status.State}: there is nothing to cancel"
                : $"run {runId} is {status.State} but not driven by this coordinator: cancel it where it runs");
        }
        return await hosted.Run.Ask<RunStatus>(new CancelRun(reason), TimeSpan.FromSeconds(30), cancellation);
    }

    /// <summary>Regenerates the run's report from its journal, as <c>evopo report</c> does, and returns what it wrote.</summary>
    public async Task<ReportDownload> ReportAsync(string runId, CancellationToken cancellation)
    {
        var folder = Existing(runId);
        var summary = await ReportCommand.WriteAsync(folder, journal, TextWriter.Null, cancellation);
        return new ReportDownload(summary, await File.ReadAllTextAsync(folder.ReportPath, cancellation));
    }

    /// <summary>Stops every hosted run (the journal keeps what they did, the run store their files; the next coordinator resumes them).</summary>
    public Task StopAllAsync() => Task.WhenAll(_hosted.Keys.Select(ReleaseAsync));

    private RunFolder Existing(string runId)
    {
        if (!RunFolder.IsRunId(runId)) throw new ApiProblem(StatusCodes.Status404NotFound, $"'{runId}' is not a run id");
        return new RunFolder(runs, runId);
    }

    private void Host(RunFolder folder, RunCreated? create)
    {
        var runLock = RunLock.TryAcquire(folder.LockPath)
            ?? throw new ApiProblem(StatusCodes.Status409Conflict, $"run {folder.RunId} is being driven by another process (lock {folder.LockPath})");
        var lines = new RunLines(console, folder.RunId);
        var outputs = new RunFolderOutputs(folder, lines, verbose: false);
        var stored = new StoredRunOutputs(outputs, _store, folder, lines);
        var run = SearchSession.Start(node, folder, create, stored);
        _hosted[folder.RunId] = new Hosted(run, runLock, stored);
        // Whatever ends the run (finished, failed, cancelled, stopped, its supervisor giving up) ends its hosting.
        _ = Task.WhenAny(outputs.Completion, RunWatch.WhenGoneAsync(node.System, run, CancellationToken.None))
            .ContinueWith(_ => ReleaseAsync(folder.RunId), TaskScheduler.Default).Unwrap();
    }

    /// <summary>How long a run that stops here may take to copy its last files into the run store.</summary>
    private static readonly TimeSpan FinalCopyTimeout = TimeSpan.FromSeconds(20);

    private async Task ReleaseAsync(string runId)
    {
        if (!_hosted.TryRemove(runId, out var hosted)) return;
        node.System.Stop(hosted.Run);
        try
        {
            await hosted.Stored.CopyAllAsync().WaitAsync(FinalCopyTimeout);
        }
        catch (TimeoutException)
        {
            console.WriteLine($"run {runId}: its last files were not in the run store within {FinalCopyTimeout.TotalSeconds:0} s; its folder in {runs} keeps them");
        }
        hosted.Lock.Dispose();
    }

    private sealed record Hosted(IActorRef Run, RunLock Lock, StoredRunOutputs Stored);
}
