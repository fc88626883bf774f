using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using EvoPo.GpuWorker.Node;

namespace EvoPo.Coordinator.Search;

/// <summary>
/// What a coordinator measures (System.Diagnostics.Metrics, exposed by the node's <c>/metrics</c> endpoint as
/// <c>evopo_pending_units</c>, <c>evopo_generation_duration_seconds</c> and <c>evopo_persistence_latency_seconds</c>):
/// units of the current generation still without a result, per run (what an autoscaler scales workers on),
/// how long generations take, and how long the journal takes to persist an event.
/// </summary>
public static class SearchMetrics
{
    /// <summary>The worker's meter name: one <c>evopo_</c> prefix for every instrument of the node.</summary>
    public const string MeterName = WorkerMetrics.MeterName;

    /// <summary>The meter; reading it publishes the instruments, so an exporter lists them before the first event.</summary>
    public static Meter Meter { get; } = new(MeterName);

    /// <summary>How long an ended run keeps reporting 0: several scrapes of every scraper see it drop.</summary>
    public static readonly TimeSpan EndedRunsReportZeroFor = TimeSpan.FromMinutes(10);

    private static readonly ConcurrentDictionary<string, int> Pending = new();
    private static readonly ConcurrentDictionary<string, long> EndedAt = new();

    private static readonly Histogram<double> GenerationDuration =
        Meter.CreateHistogram<double>("generation_duration_seconds", unit: "s", description: "wall time of one ES generation, first unit sent to last result in");

    private static readonly Histogram<double> PersistLatency =
        Meter.CreateHistogram<double>("persistence_latency_seconds", unit: "s", description: "time from Persist to the journal's confirmation, by event");

    static SearchMetrics() =>
        Meter.CreateObservableGauge("pending_units", ObservePending,
            description: "work units of the current generation (or report phase) without a result yet, per run");

    public static void SetPending(string runId, int units)
    {
        EndedAt.TryRemove(runId, out _);
        Pending[runId] = units;
    }

    /// <summary>The run's series reads 0 for <see cref="EndedRunsReportZeroFor"/>, then is no longer reported.</summary>
    public static void RunEnded(string runId)
    {
        Pending[runId] = 0;
        EndedAt[runId] = Stopwatch.GetTimestamp();
    }

    public static void GenerationCompleted(double seconds) => GenerationDuration.Record(seconds);

    public static void Persisted(string eventName, TimeSpan latency) =>
        PersistLatency.Record(latency.TotalSeconds, new KeyValuePair<string, object?>("event", eventName));

    // An exporter keeps the last value of a series nobody reports any more: an ended run reports 0 for a while, so
    // the sum over runs (what an autoscaler reads) drops at once, and is then forgotten (its series expires).
    private static IEnumerable<Measurement<int>> ObservePending()
    {
        foreach (var (run, at) in EndedAt)
            if (Stopwatch.GetElapsedTime(at) > EndedRunsReportZeroFor && EndedAt.TryRemove(new KeyValuePair<string, long>(run, at)))
                Pending.TryRemove(new KeyValuePair<string, int>(run, 0));
        return Pending.Select(p => new Measurement<int>(p.Value, new KeyValuePair<string, object?>("run", p.Key))).ToArray();
    }
}
