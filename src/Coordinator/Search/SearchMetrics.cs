using System.Diagnostics.Metrics;
using EvoPo.GpuWorker.Node;

namespace EvoPo.Coordinator.Search;

/// <summary>
/// What a coordinator measures (System.Diagnostics.Metrics, exposed by the node's <c>/metrics</c> endpoint as
/// <c>evopo_pending_units</c>, <c>evopo_pending_units_all</c>, <c>evopo_generation_duration_seconds</c> and
/// <c>evopo_persistence_latency_seconds</c>): units of the current generation still without a result, per run and summed
/// over the runs (the sum, always reported, is what an autoscaler scales workers on: <see cref="PendingUnits"/>), how
/// long generations take, and how long the journal takes to persist an event.
/// </summary>
public static class SearchMetrics
{
    /// <summary>The worker's meter name: one <c>evopo_</c> prefix for every instrument of the node.</summary>
    public const string MeterName = WorkerMetrics.MeterName;

    /// <summary>The meter; reading it publishes the instruments, so an exporter lists them before the first event.</summary>
    public static Meter Meter { get; } = new(MeterName);

    /// <summary>How long an ended run keeps reporting 0: several scrapes of every scraper see it drop.</summary>
    public static readonly TimeSpan EndedRunsReportZeroFor = TimeSpan.FromMinutes(10);

    private static readonly PendingUnits Pending = new(Meter, EndedRunsReportZeroFor);

    private static readonly Histogram<double> GenerationDuration =
        Meter.CreateHistogram<double>("generation_duration_seconds", unit: "s", description: "wall time of one ES generation, first unit sent to last result in");

    private static readonly Histogram<double> PersistLatency =
        Meter.CreateHistogram<double>("persistence_latency_seconds", unit: "s", description: "time from Persist to the journal's confirmation, by event");

    public static void SetPending(string runId, int units) => Pending.Set(runId, units);

    /// <summary>The run's series reads 0 for <see cref="EndedRunsReportZeroFor"/>, then is no longer reported.</summary>
    public static void RunEnded(string runId) => Pending.Ended(runId);

    public static void GenerationCompleted(double seconds) => GenerationDuration.Record(seconds);

    public static void Persisted(string eventName, TimeSpan latency) =>
        PersistLatency.Record(latency.TotalSeconds, new KeyValuePair<string, object?>("event", eventName));
}
