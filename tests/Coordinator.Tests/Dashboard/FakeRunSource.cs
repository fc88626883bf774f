using EvoPo.Coordinator.Dashboard;

namespace EvoPo.Coordinator.Tests.Dashboard;

/// <summary>Runs held in memory: tests append journal events and flip the lock as a search would.</summary>
internal sealed class FakeRunSource : IRunSource
{
    private readonly Dictionary<string, List<object>> _events = new(StringComparer.Ordinal);
    private readonly HashSet<string> _running = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _unreadable = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _bestJson = new(StringComparer.Ordinal);

    /// <summary>Reading the run's events fails from now on with <paramref name="error"/>, as a corrupt journal row does; null: reads again.</summary>
    public void Corrupt(string runId, string? error)
    {
        lock (_events)
            if (error is null) _unreadable.Remove(runId);
            else _unreadable[runId] = error;
    }

    /// <summary>The run's best.json is the file at <paramref name="path"/>.</summary>
    public void SetBestJson(string runId, string path)
    {
        lock (_events) _bestJson[runId] = path;
    }

    public void Append(string runId, params object[] events)
    {
        lock (_events)
        {
            if (!_events.TryGetValue(runId, out var list)) _events[runId] = list = [];
            list.AddRange(events);
        }
    }

    public void SetRunning(string runId, bool running)
    {
        lock (_running)
            if (running) _running.Add(runId);
            else _running.Remove(runId);
    }

    public Task<IReadOnlyList<string>> RunIdsAsync(CancellationToken cancellation)
    {
        lock (_events) return Task.FromResult<IReadOnlyList<string>>(_events.Keys.ToArray());
    }

    public Task<IReadOnlyList<(long SequenceNr, object Event)>> EventsAsync(string runId, long afterSequenceNr, CancellationToken cancellation)
    {
        lock (_events)
            return _unreadable.TryGetValue(runId, out var error)
                ? Task.FromException<IReadOnlyList<(long, object)>>(new InvalidOperationException(error))
                : Task.FromResult<IReadOnlyList<(long, object)>>(_events.TryGetValue(runId, out var list)
                ? list.Select((e, i) => ((long)i + 1, e)).Where(p => p.Item1 > afterSequenceNr).ToArray()
                : []);
    }

    public bool IsRunning(string runId)
    {
        lock (_running) return _running.Contains(runId);
    }

    public string? BestJsonPath(string runId)
    {
        lock (_events) return _bestJson.GetValueOrDefault(runId);
    }

    public string? StartAgentPath(string runId) => null;
}
