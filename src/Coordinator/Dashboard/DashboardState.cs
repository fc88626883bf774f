using EvoPo.Coordinator.Objectives;
using EvoPo.Coordinator.Runs;
using EvoPo.GpuWorker.Objectives;
using EvoPo.Simulation.Policies;

namespace EvoPo.Coordinator.Dashboard;

/// <summary>
/// The dashboard's picture of every run, refreshed by <see cref="PollAsync"/> (the server calls it every ~1.5 s):
/// new journal events are read incrementally, and a run's <see cref="RunView.Version"/> moves only when something shown changed.
/// <see cref="WaitForChangeAsync"/> wakes the server-sent-event streams.
/// </summary>
public sealed class DashboardState(IRunSource source)
{
    private readonly Dictionary<string, Tracked> _runs = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (string Key, byte[] Png)> _landscapes = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _landscapeLock = new(1, 1);
    private readonly object _gate = new();
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _version;

    /// <summary>The last error of a poll (e.g. the journal could not be read), or null; shown on the page.</summary>
    public string? Error { get; private set; }

    public async Task PollAsync(CancellationToken cancellation)
    {
        var changed = false;
        try
        {
            var ids = await source.RunIdsAsync(cancellation);
            foreach (var id in ids)
            {
                Tracked tracked;
                lock (_gate)
                    if (!_runs.TryGetValue(id, out tracked!))
                        _runs[id] = tracked = new Tracked(new RunProgress(id));
                var progress = tracked.Progress;
                if (!progress.Finished && !progress.Failed)
                {
                    var unreadable = await ReadEventsAsync(id, progress, cancellation);
                    lock (_gate) progress.Unreadable = unreadable;
                }
                var running = !progress.Finished && !progress.Failed && source.IsRunning(id);
                var landscapeKey = LandscapeKey(id);
                var key = $"{progress.SequenceNr}|{running}|{landscapeKey}|{progress.Unreadable}";
                if (key == tracked.Key) continue;
                lock (_gate)
                {
                    tracked.Key = key;
                    tracked.View = progress.View(running, ++_version, landscapeKey);
                }
                changed = true;
            }
            if (Error is not null) changed = true;
            Error = null;
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellation.IsCancellationRequested)
        {
            changed |= Error != e.Message;
            Error = e.Message;
        }
        if (changed) Signal();
    }

    /// <summary>Applies the run's new events; a run whose events cannot be read (a corrupt one) is not skipped silently,
    /// nor does it stop the other runs from being read: the reason is returned, and the run shown as unreadable with it.</summary>
    private async Task<string?> ReadEventsAsync(string runId, RunProgress progress, CancellationToken cancellation)
    {
        IReadOnlyList<(long SequenceNr, object Event)> events;
        try
        {
            events = await source.EventsAsync(runId, progress.SequenceNr, cancellation);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellation.IsCancellationRequested)
        {
            return $"its journal events cannot be read after event {progress.SequenceNr}: {Unwrapped(e).Message}";
        }
        foreach (var (sequenceNr, entry) in events)
            lock (_gate) progress.Apply(sequenceNr, entry);
        return null;
    }

    /// <summary>The exception inside task and stream wrappers, whose message says what went wrong (not its innermost cause,
    /// which for a corrupt event is a MessagePack detail that no longer names the event).</summary>
    private static Exception Unwrapped(Exception e)
    {
        while (e is AggregateException { InnerExceptions.Count: 1 } or System.Reflection.TargetInvocationException && e.InnerException is { } inner) e = inner;
        return e;
    }

    public IReadOnlyList<RunSummary> Runs()
    {
        lock (_gate)
            return _runs.Values
                .Where(t => t.View is not null)
                .Select(t => t.View!)
                .OrderByDescending(v => v.CreatedUtc ?? DateTime.MinValue).ThenByDescending(v => v.RunId, StringComparer.Ordinal)
                .Select(v => new RunSummary(v.RunId, v.State, v.Generation, v.Generations, v.BestFitness, v.Version))
                .ToArray();
    }

    public RunView? Run(string runId)
    {
        lock (_gate) return _runs.TryGetValue(runId, out var t) ? t.View : null;
    }

    /// <summary>Completes at the next change (or when <paramref name="cancellation"/> fires).</summary>
    public Task WaitForChangeAsync(CancellationToken cancellation)
    {
        lock (_gate) return _changed.Task.WaitAsync(cancellation);
    }

    /// <summary>The landscape PNG of the run's best.json, drawn once per version of that file; null when there is none.</summary>
    /// <exception cref="LandscapeUnavailableException">The run's best.json or start agent cannot be used.</exception>
    public async Task<byte[]?> LandscapeAsync(string runId, CancellationToken cancellation)
    {
        var path = source.BestJsonPath(runId);
        if (path is null) return null;
        int episodeLength;
        lock (_gate)
        {
            if (!_runs.TryGetValue(runId, out var tracked)) return null;
            episodeLength = tracked.Progress.EpisodeLength;
        }
        await _landscapeLock.WaitAsync(cancellation);
        try
        {
            var key = LandscapeKey(runId) ?? "";
            if (_landscapes.TryGetValue(runId, out var cached) && cached.Key == key) return cached.Png;
            var png = await Task.Run(() => Render(runId, path, source.StartAgentPath(runId), episodeLength), cancellation);
            _landscapes[runId] = (key, png);
            return png;
        }
        finally
        {
            _landscapeLock.Release();
        }
    }

    /// <exception cref="LandscapeUnavailableException">best.json or the start agent cannot be used; the reason names neither
    /// file's path on this machine (a browser has no business knowing it) but the run and the file's name.</exception>
    private static byte[] Render(string runId, string bestJsonPath, string? startAgentPath, int episodeLength)
    {
        BestJson.Contents best;
        try
        {
            best = BestJson.Read(bestJsonPath);
            if (best.Objective == Messages.Work.PolicyRollout.ObjectiveName)
                throw new LandscapeUnavailableException($"run {runId} is a pretraining run: it searches a policy, not a loss, so it has no loss landscape");
            ObjectiveCatalog.Validate(ObjectiveChoice.FromBest(best, best.Best is not null, new Dictionary<string, double>()).Spec);
        }
        catch (Exception e) when (e is FormatException or IOException or UnauthorizedAccessException or ArgumentException)
        {
            throw new LandscapeUnavailableException(
                $"run {runId}: its best.json cannot be used: {WithoutPath(e.Message, bestJsonPath)}; `evopo report {runId}` rewrites it from the journal");
        }
        Agent? start = null;
        try
        {
            if (startAgentPath is not null) start = AgentFile.Read(startAgentPath);
        }
        catch (AgentFormatException e)
        {
            throw new LandscapeUnavailableException($"run {runId}: its start agent cannot be used: {WithoutPath(e.Problem, startAgentPath!)}");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new LandscapeUnavailableException($"run {runId}: its start agent cannot be read: {WithoutPath(e.Message, startAgentPath!)}");
        }
        return LandscapeImage.Render(best, start, episodeLength);
    }

    private static string WithoutPath(string message, string path) => message.Replace(path, Path.GetFileName(path), StringComparison.Ordinal);

    private string? LandscapeKey(string runId)
    {
        var path = source.BestJsonPath(runId);
        if (path is null) return null;
        var info = new FileInfo(path);
        return info.Exists ? $"{info.LastWriteTimeUtc.Ticks:x}-{info.Length:x}" : null;
    }

    private void Signal()
    {
        TaskCompletionSource previous;
        lock (_gate)
        {
            previous = _changed;
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
        previous.TrySetResult();
    }

    private sealed class Tracked(RunProgress progress)
    {
        public RunProgress Progress { get; } = progress;

        public string? Key { get; set; }

        public RunView? View { get; set; }
    }
}
