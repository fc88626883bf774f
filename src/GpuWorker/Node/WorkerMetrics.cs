using System.Diagnostics.Metrics;

namespace EvoPo.GpuWorker.Node;

/// <summary>
/// What a worker node measures (System.Diagnostics.Metrics; the node's <c>/metrics</c> endpoint exposes it in the
/// Prometheus format as <c>evopo_units_done</c> and <c>evopo_unit_duration_seconds</c>): units answered, by outcome,
/// and how long each took from receipt to answer.
/// </summary>
public static class WorkerMetrics
{
    /// <summary>Shared with the coordinator's meter: exporters prefix instrument names with it (<c>evopo_</c>).</summary>
    public const string MeterName = "EvoPo";

    /// <summary>The meter; reading it publishes the instruments, so an exporter lists them before the first unit.</summary>
    public static Meter Meter { get; } = new(MeterName);

    private static long _succeeded;
    private static long _failed;

    private static readonly Histogram<double> UnitDuration =
        Meter.CreateHistogram<double>("unit_duration_seconds", unit: "s", description: "wall time of one work unit on this worker, receipt to answer");

    // Observed totals rather than increments: both outcomes are there (at 0) from the first scrape, so a rate over
    // them counts the first unit too, and a total read at every scrape never goes stale.
    static WorkerMetrics() =>
        Meter.CreateObservableCounter("units_done",
            () => new[]
            {
                new Measurement<long>(Interlocked.Read(ref _succeeded), new KeyValuePair<string, object?>("outcome", "ok")),
                new Measurement<long>(Interlocked.Read(ref _failed), new KeyValuePair<string, object?>("outcome", "failed")),
            },
            description: "work units this worker answered, by outcome (ok, failed)");

    public static void UnitDone(bool succeeded, TimeSpan duration)
    {
        Interlocked.Increment(ref succeeded ? ref _succeeded : ref _failed);
        UnitDuration.Record(duration.TotalSeconds, new KeyValuePair<string, object?>("outcome", succeeded ? "ok" : "failed"));
    }
}
