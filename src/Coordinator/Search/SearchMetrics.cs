using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace EvoPo.Coordinator.Search;

/// <summary>
/// What a coordinator measures (System.Diagnostics.Metrics, exposed by the node's <c>/metrics</c> endpoint):
/// units of the current generation still without a result, per run (what an autoscaler scales workers on),
/// how long generations take, and how long the journal takes to persist an event.
/// </summary>
public static class SearchMetrics
{
    public const string MeterName = "EvoPo.Coordinator";

    /// <summary>The meter; reading it publishes the instruments, so an exporter lists them before the first event.</summary>
    public static Meter Meter { get; } = new(MeterName);

    private static readonly ConcurrentDictionary<string, int> Pending = new();

    private static readonly Histogram<double> GenerationDuration =
        Meter.CreateHistogram<double>("evopo_generation_duration_seconds", unit: "s", description: "wall time of one ES generation, first unit sent to last result in");

    private static readonly Histogram<double> PersistLatency =
        Meter.CreateHistogram<double>("evopo_persistence_latency_seconds", unit: "s", description: "time from Persist to the journal's confirmation, by event");

    static SearchMetrics() =>
        Meter.CreateObservableGauge("evopo_pending_units",
            () => Pending.Select(p => new Measurement<int>(p.Value, new KeyValuePair<string, object?>("run", p.Key))),
            description: "work units of the current generation (or report phase) without a result yet, per run");

    public static void SetPending(string runId, int units) => Pending[runId] = units;

    public static void RunEnded(string runId) => Pending.TryRemove(runId, out _);

    public static void GenerationCompleted(double seconds) => GenerationDuration.Record(seconds);

    public static void Persisted(string eventName, TimeSpan latency) =>
        PersistLatency.Record(latency.TotalSeconds, new KeyValuePair<string, object?>("event", eventName));
}
