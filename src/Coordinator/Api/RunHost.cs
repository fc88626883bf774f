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
/// through the node's <see cref="SlotLedger"/>.
/// <para>
/// No run needs this machine: its files are kept in the run store of the journal database (<see cref="RunFolderStore"/>:
/// its inputs when it is submitted, its outputs as they are written), and the coordinator drives it only while it holds
/// the run's lease there (<see cref="RunLeases"/>, renewed by a <see cref="RunLeaseKeeper"/>; the local run lock is held
/// too). So <c>status</c>, <c>runs</c> and the dashboard on any machine that reads the journal say "running", and when a
/// coordinator dies, another takes its runs over (<see cref="AdoptAsync"/>): it takes the expired lease, writes the run
/// folder from the store into its own runs directory and drives the run from its journal.
/// </para>
/// </summary>
/// <param name="leaseTtl">How long a lease lives without renewal: the longest a dead coordinator's runs wait for another.</param>
public sealed class RunHost(EvoPoNode node, string runs, JournalOptions journal, TimeSpan leaseTtl, TextWriter console)
{
    private readonly RunFolderStore _store = new(new RunArtifactStore(new RunDatabase(journal)));
    private readonly RunLeases _leases = new(new RunDatabase(journal), $"{node.Address}#{Environment.ProcessId}");
    private readonly RunCancelRequests _cancels = new(new RunDatabase(journal));
    private readonly ConcurrentDictionary<string, Hosted> _hosted = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, DateTime> _stoppedHere = new(StringComparer.Ordinal);

    /// <summary>How long this coordinator leaves a run alone that stopped here without ending (its files could not be
    /// written, its journal not replayed), so that it does not take it up again and again; another coordinator may.</summary>
    private static readonly TimeSpan RetryStoppedAfter = TimeSpan.FromMinutes(1);

    /// <summary>Agent paths of a submitted config are looked up from the coordinator's working directory (and above).</summary>
    private static string ConfigAnchor => Path.Combine(Environment.CurrentDirectory, "submitted.yaml");

    public string RunsDirectory => runs;

    /// <summary>How often to look for runs nobody drives: a few times per lease lifetime.</summary>
    public TimeSpan AdoptionPeriod => leaseTtl / 4;

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
        if (!await TryHostAsync(folder, created, cancellation))
            throw new ApiProblem(StatusCodes.Status409Conflict, $"run {folder.RunId} is being driven by another process");
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
            if (!await TryHostAsync(folder, create: null, cancellation))
                console.WriteLine($"run {row.Status.RunId} is driven by another process meanwhile: leaving it there");
        }
    }

    /// <summary>
    /// Takes over the runs that coordinators hosted and nobody drives now (their lease expired: the holder died, or let go
    /// when it stopped) and that the journal holds unfinished: one pass; <c>evopo coordinator</c> repeats it every
    /// <see cref="AdoptionPeriod"/>. A run that ended meanwhile only has its lease row dropped.
    /// </summary>
    public async Task AdoptAsync(CancellationToken cancellation)
    {
        foreach (var runId in await _leases.ExpiredAsync(cancellation))
        {
            if (_hosted.ContainsKey(runId) || !RunFolder.IsRunId(runId)) continue;
            if (_stoppedHere.TryGetValue(runId, out var stopped) && DateTime.UtcNow - stopped < RetryStoppedAfter) continue;
            var folder = new RunFolder(runs, runId);
            var state = (await StatusCommand.ReadAsync(folder, journal, cancellation)).State;
            if (state is "finished" or "failed" or "cancelled")
            {
                await _leases.EndAsync(runId, cancellation);
                continue;
            }
            if (state == "unknown")
            {
                // Its coordinator died between taking the lease and journaling the run: there is no run to resume.
                console.WriteLine($"run {runId} has a lease but no event in the journal (its coordinator stopped before the run began); forgetting the lease");
                await _leases.EndAsync(runId, cancellation);
                continue;
            }
            // "running": taken meanwhile; "unreadable": its events cannot be read (status and runs say why).
            if (state != "stopped" || !await _leases.TryAcquireAsync(runId, leaseTtl, cancellation)) continue;
            try
            {
                await MaterializeAsync(folder, cancellation);
            }
            catch (InvalidDataException e)
            {
                console.WriteLine($"run {runId} is unfinished and nobody drives it, but its files cannot be written here: {e.Message}");
                _stoppedHere[runId] = DateTime.UtcNow;
                await _leases.ReleaseAsync(runId, cancellation);
                continue;
            }
            console.WriteLine($"run {runId} is unfinished in the journal: resuming it (nobody drove it; taken over from the run store)");
            if (!await TryHostAsync(folder, create: null, cancellation))
                console.WriteLine($"run {runId}: its folder {folder.Folder} is locked by another process here; leaving it");
        }
    }

    public Task<IReadOnlyList<RunRow>> ListAsync(CancellationToken cancellation) => RunsCommand.ReadAsync(runs, journal, cancellation);

    public async Task<RunStatus> StatusAsync(string runId, CancellationToken cancellation)
    {
        var status = await StatusCommand.ReadAsync(Existing(runId), journal, cancellation);
        return status.State == "unknown" ? throw new ApiProblem(StatusCodes.Status404NotFound, $"no run '{runId}' on this coordinator") : status;
    }

    /// <summary>
    /// Cancels a run: journaled as cancelled, its units are sent no more. A run another coordinator drives is asked of it
    /// through the database (<see cref="RunCancelRequests"/>, taken at its next lease renewal); the answer waits for the
    /// journal to say cancelled.
    /// </summary>
    public async Task<RunStatus> CancelAsync(string runId, string reason, CancellationToken cancellation)
    {
        if (_hosted.TryGetValue(runId, out var hosted))
            return await hosted.Run.Ask<RunStatus>(new CancelRun(reason), TimeSpan.FromSeconds(30), cancellation);
        var status = await StatusAsync(runId, cancellation);
        if (status.State is "finished" or "failed" or "cancelled")
            throw new ApiProblem(StatusCodes.Status409Conflict, $"run {runId} is {status.State}: there is nothing to cancel");
        if (status.State != "running")
            throw new ApiProblem(StatusCodes.Status409Conflict, $"run {runId} is {status.State}: no coordinator drives it now; cancel it once one has taken it up");
        await _cancels.RequestAsync(runId, reason, cancellation);
        // The driving coordinator takes the request within a quarter of the lease's lifetime; give it the whole and then some.
        var patience = leaseTtl + TimeSpan.FromSeconds(30);
        var deadline = DateTime.UtcNow + patience;
        while (DateTime.UtcNow < deadline)
        {
            await Task.Delay(TimeSpan.FromSeconds(1), cancellation);
            status = await StatusAsync(runId, cancellation);
            if (status.State == "cancelled") return status;
        }
        throw new ApiProblem(StatusCodes.Status504GatewayTimeout,
            $"run {runId} is driven by another coordinator, which was asked to cancel it but has not within {patience.TotalSeconds:0} s; see `evopo status {runId}`");
    }

    /// <summary>Regenerates the run's report from its journal, as <c>evopo report</c> does, and returns what it wrote.</summary>
    public async Task<ReportDownload> ReportAsync(string runId, CancellationToken cancellation)
    {
        var folder = Existing(runId);
        // A run driven (or finished) on another coordinator has its folder there; its inputs come from the run store.
        await MaterializeAsync(folder, cancellation);
        var summary = await ReportCommand.WriteAsync(folder, journal, TextWriter.Null, cancellation);
        return new ReportDownload(summary, await File.ReadAllTextAsync(folder.ReportPath, cancellation));
    }

    /// <summary>Stops every hosted run and lets go of its lease (the journal keeps what they did, the run store their files;
    /// another coordinator, or this one started again, takes them over).</summary>
    public Task StopAllAsync() => Task.WhenAll(_hosted.Keys.Select(runId => ReleaseAsync(runId, leaseLost: false)));

    private RunFolder Existing(string runId)
    {
        if (!RunFolder.IsRunId(runId)) throw new ApiProblem(StatusCodes.Status404NotFound, $"'{runId}' is not a run id");
        return new RunFolder(runs, runId);
    }

    /// <summary>Writes the run's stored files that its folder lacks, saying so.</summary>
    private async Task MaterializeAsync(RunFolder folder, CancellationToken cancellation)
    {
        var plan = await _store.MaterializeAsync(folder, cancellation);
        if (plan.Write.Count > 0)
            console.WriteLine($"run {folder.RunId}: wrote {string.Join(", ", plan.Write.Select(f => f.Name))} from the run store into {folder.Folder}");
    }

    /// <summary>Drives the run here if its lease and its folder's lock can be had (false when another process holds either).</summary>
    private async Task<bool> TryHostAsync(RunFolder folder, RunCreated? create, CancellationToken cancellation)
    {
        var runId = folder.RunId;
        if (!await _leases.TryAcquireAsync(runId, leaseTtl, cancellation)) return false;
        if (RunLock.TryAcquire(folder.LockPath) is not { } runLock)
        {
            await _leases.ReleaseAsync(runId, cancellation);
            return false;
        }
        var lines = new RunLines(console, runId);
        var outputs = new RunFolderOutputs(folder, lines, verbose: false);
        var stored = new StoredRunOutputs(outputs, _store, folder, lines);
        var run = SearchSession.Start(node, folder, create, stored);
        var keeper = new RunLeaseKeeper(_leases, runId, leaseTtl, reason =>
        {
            lines.WriteLine($"run {runId}: {reason}; it stops here (another coordinator may drive it now)");
            _ = ReleaseAsync(runId, leaseLost: true);
        }, async stop =>
        {
            // A cancel sent to another coordinator (RunCancelRequests).
            if (await _cancels.TakeAsync(runId, stop) is { } reason) run.Tell(new CancelRun(reason));
        });
        _hosted[runId] = new Hosted(run, runLock, stored, keeper);
        // Whatever ends the run (finished, failed, cancelled, stopped, its supervisor giving up) ends its hosting.
        _ = Task.WhenAny(outputs.Completion, RunWatch.WhenGoneAsync(node.System, run, CancellationToken.None))
            .ContinueWith(_ => ReleaseAsync(runId, leaseLost: false), TaskScheduler.Default).Unwrap();
        return true;
    }

    /// <summary>How long a run that stops here may take to copy its last files into the run store.</summary>
    private static readonly TimeSpan FinalCopyTimeout = TimeSpan.FromSeconds(20);

    /// <param name="leaseLost">The lease is another holder's now: its files and lease are no longer this coordinator's to write.</param>
    private async Task ReleaseAsync(string runId, bool leaseLost)
    {
        if (!_hosted.TryRemove(runId, out var hosted)) return;
        node.System.Stop(hosted.Run);
        await hosted.Keeper.DisposeAsync();
        try
        {
            if (!leaseLost) await FinishHostingAsync(runId, hosted);
        }
        finally
        {
            hosted.Lock.Dispose();
        }
    }

    /// <summary>Copies the run's last files into the store, then drops its lease (it ended) or lets go of it (another coordinator takes it over).</summary>
    private async Task FinishHostingAsync(string runId, Hosted hosted)
    {
        try
        {
            await hosted.Stored.CopyAllAsync().WaitAsync(FinalCopyTimeout);
        }
        catch (TimeoutException)
        {
            console.WriteLine($"run {runId}: its last files were not in the run store within {FinalCopyTimeout.TotalSeconds:0} s; its folder in {runs} keeps them");
        }
        try
        {
            if (hosted.Stored.Ended) await _leases.EndAsync(runId, CancellationToken.None);
            else
            {
                _stoppedHere[runId] = DateTime.UtcNow;
                await _leases.ReleaseAsync(runId, CancellationToken.None);
            }
        }
        catch (Exception e) when (e is System.Data.Common.DbException or InvalidOperationException)
        {
            // The lease then expires by itself within its time to live.
            console.WriteLine($"run {runId}: could not let go of its lease ({e.Message}); it expires within {leaseTtl.TotalSeconds:0} s");
        }
    }

    private sealed record Hosted(IActorRef Run, RunLock Lock, StoredRunOutputs Stored, RunLeaseKeeper Keeper);
}
