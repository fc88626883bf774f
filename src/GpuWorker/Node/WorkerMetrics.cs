using System.Diagnostics.Metrics;

namespace EvoPo.GpuWorker.Node;

/// <summary>
/// What a worker node measures (System.Diagnostics.Metrics; the node's <c>/metrics</c> endpoint exposes it in the
/// Prometheus format): units answered, by outcome, and how long each took from receipt to answer.
/// </summary>
public static class WorkerMetrics
{
    public const string MeterName = "EvoPo.Worker";

    /// <summary>The meter; reading it publishes the instruments, so an exporter lists them before the first unit.</summary>
    public static Meter Meter { get; } = new(MeterName);

    private static readonly Counter<long> UnitsDone =
        Meter.CreateCounter<long>("evopo_units_done", description: "work units this worker answered, by outcome (ok, failed)");

    private static readonly Histogram<double> UnitDuration =
        Meter.CreateHistogram<double>("evopo_unit_duration_seconds", unit: "s", description: "wall time of one work unit on this worker, receipt to answer");

    public static void UnitDone(bool succeeded, TimeSpan duration)
    {
        var outcome = new KeyValuePair<string, object?>("outcome", succeeded ? "ok" : "failed");
        UnitsDone.Add(1, outcome);
        UnitDuration.Record(duration.TotalSeconds, outcome);
    }
}
