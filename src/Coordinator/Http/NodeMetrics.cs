using System.Diagnostics.Metrics;
using Prometheus;

namespace EvoPo.Coordinator.Http;

/// <summary>
/// What <c>/metrics</c> serves, in a registry of its own: the instruments of the given meters (System.Diagnostics.Metrics,
/// through prometheus-net's .NET Meters adapter), the node's own gauges and prometheus-net's process metrics. The
/// adapter names a series <c>meter_instrument</c> (the meters are named <c>EvoPo</c>, so <c>evopo_...</c>) and
/// exposes every counting instrument as a gauge; histograms get <see cref="Buckets"/>.
/// </summary>
public sealed class NodeMetrics : IDisposable
{
    /// <summary>Upper bounds of every histogram, in the instrument's unit (seconds here): a journal write to an hour-long unit.</summary>
    public static readonly double[] Buckets =
        [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800, 3600];

    /// <summary>
    /// A series that no measurement has touched for this long is dropped (the adapter cannot tell a finished label set
    /// from a quiet one). Observable instruments are measured at every scrape, so only histograms idle for an hour
    /// and a finished run's pending units (0, see <c>SearchMetrics</c>) go; a histogram starts again from 0 when used.
    /// </summary>
    public static readonly TimeSpan SeriesExpireAfter = TimeSpan.FromHours(1);

    private readonly IDisposable _adapter;

    /// <param name="meters">The meters to expose; others in the process (ASP.NET Core's, the runtime's) are left out.</param>
    /// <param name="probe">The node whose device and capacity the info gauges show.</param>
    /// <param name="isReady">Whether <c>/readyz</c> would answer 200 now, for <c>evopo_node_ready</c>.</param>
    public NodeMetrics(IReadOnlyCollection<Meter> meters, NodeProbe probe, Func<CancellationToken, Task<bool>> isReady)
    {
        var factory = Metrics.WithCustomRegistry(Registry);
        DotNetStats.Register(Registry);
        _adapter = MeterAdapter.StartListening(new MeterAdapterOptions
        {
            Registry = Registry,
            MetricFactory = factory,
            InstrumentFilterPredicate = instrument => meters.Contains(instrument.Meter),
            ResolveHistogramBuckets = _ => Buckets,
            MetricsExpireAfter = SeriesExpireAfter,
        });

        var ready = factory.CreateGauge("evopo_node_ready", "1 when /readyz answers 200");
        var device = factory.CreateGauge("evopo_device_info", "the TorchSharp device this worker trains on (value 1)", "device", "name");
        var capacity = factory.CreateGauge("evopo_worker_capacity", "units this worker runs at once", new GaugeConfiguration { SuppressInitialValue = true });
        Registry.AddBeforeCollectCallback(async cancellation =>
        {
            ready.Set(await isReady(cancellation) ? 1 : 0);
            if (probe.Options is not { IsWorker: true } options) return;
            var kind = options.Device.StartsWith("cuda", StringComparison.OrdinalIgnoreCase) ? "cuda" : "cpu";
            device.WithLabels(kind, options.Device).Set(1);
            capacity.Set(options.Capacity);
        });
    }

    public CollectorRegistry Registry { get; } = Metrics.NewCustomRegistry();

    public void Dispose() => _adapter.Dispose();
}
