using System.Diagnostics.Metrics;
using System.Text;
using Akka.Actor;
using EvoPo.Coordinator.Hosting;
using EvoPo.Coordinator.Http;
using EvoPo.Coordinator.Search;

namespace EvoPo.Coordinator.Tests.Http;

public sealed class NodeMetricsTests
{
    [Fact]
    public async Task Up_down_counters_and_gauges_keep_their_values_across_scrapes()
    {
        using var meter = new Meter("EvoPoTest");
        using var metrics = new NodeMetrics([meter], new NodeProbe(), Ready(true));
        var busy = meter.CreateUpDownCounter<int>("busy_slots");
        busy.Add(3);
        busy.Add(-1);

        var first = await ScrapeAsync(metrics);
        var second = await ScrapeAsync(metrics);
        Assert.Equal("gauge", second.TypeOf("evopotest_busy_slots"));
        Assert.Equal(2, first.Value("evopotest_busy_slots"));
        Assert.Equal(2, second.Value("evopotest_busy_slots"));

        busy.Add(5);
        Assert.Equal(7, (await ScrapeAsync(metrics)).Value("evopotest_busy_slots"));
    }

    [Fact]
    public async Task Counters_histograms_and_observed_gauges_are_exposed_with_names_types_and_values()
    {
        using var meter = new Meter("EvoPoTest");
        using var metrics = new NodeMetrics([meter], new NodeProbe(), Ready(true));
        var done = meter.CreateCounter<long>("units_done", description: "units done");
        var duration = meter.CreateHistogram<double>("duration_seconds", unit: "s", description: "how long");
        var level = 7;
        meter.CreateObservableGauge("pending", () => new Measurement<int>(level, new KeyValuePair<string, object?>("run", "a\"b\\c")));

        done.Add(2, new KeyValuePair<string, object?>("outcome", "ok"));
        done.Add(1, new KeyValuePair<string, object?>("outcome", "ok"));
        done.Add(1, new KeyValuePair<string, object?>("outcome", "failed"));
        duration.Record(0.3);
        duration.Record(42);

        var scrape = await ScrapeAsync(metrics);
        scrape.AssertEverySampleIsDeclared();
        Assert.Equal("gauge", scrape.TypeOf("evopotest_units_done"));
        Assert.Equal(3, scrape.Value("evopotest_units_done", ("outcome", "ok")));
        Assert.Equal(1, scrape.Value("evopotest_units_done", ("outcome", "failed")));
        Assert.Equal("histogram", scrape.TypeOf("evopotest_duration_seconds"));
        Assert.Equal(NodeMetrics.Buckets.Length + 1, scrape.Samples("evopotest_duration_seconds_bucket").Count());
        Assert.Equal(0, scrape.Value("evopotest_duration_seconds_bucket", ("le", "0.25")));
        Assert.Equal(1, scrape.Value("evopotest_duration_seconds_bucket", ("le", "0.5")));
        Assert.Equal(2, scrape.Value("evopotest_duration_seconds_bucket", ("le", "60")));
        Assert.Equal(2, scrape.Value("evopotest_duration_seconds_bucket", ("le", "+Inf")));
        Assert.Equal(42.3, scrape.Value("evopotest_duration_seconds_sum"), 9);
        Assert.Equal(2, scrape.Value("evopotest_duration_seconds_count"));
        Assert.Equal("gauge", scrape.TypeOf("evopotest_pending"));
        Assert.Equal(7, scrape.Value("evopotest_pending", ("run", "a\"b\\c")));

        level = 3;
        Assert.Equal(3, (await ScrapeAsync(metrics)).Value("evopotest_pending", ("run", "a\"b\\c")));
    }

    [Fact]
    public async Task Instruments_of_other_meters_are_left_out()
    {
        using var mine = new Meter("EvoPoTest");
        using var other = new Meter("EvoPoOther");
        using var metrics = new NodeMetrics([mine], new NodeProbe(), Ready(true));
        mine.CreateCounter<int>("things").Add(1);
        other.CreateCounter<int>("things").Add(1);

        var scrape = await ScrapeAsync(metrics);
        Assert.Equal(1, scrape.Value("evopotest_things"));
        Assert.Null(scrape.TypeOf("evopoother_things"));
    }

    [Fact]
    public async Task The_node_gauges_show_readiness_and_a_workers_device_and_capacity()
    {
        var probe = new NodeProbe();
        var ready = false;
        using var metrics = new NodeMetrics([], probe, _ => Task.FromResult(ready));
        var scrape = await ScrapeAsync(metrics);
        Assert.Equal(0, scrape.Value("evopo_node_ready"));
        Assert.Empty(scrape.Samples("evopo_device_info"));
        Assert.Empty(scrape.Samples("evopo_worker_capacity"));

        using var system = ActorSystem.Create("metrics-test");
        probe.Attach(new NodeOptions { Journal = null, Roles = [NodeRoles.Worker], Device = "cuda:1", Capacity = 4 }, system);
        ready = true;
        scrape = await ScrapeAsync(metrics);
        Assert.Equal(1, scrape.Value("evopo_node_ready"));
        Assert.Equal(1, scrape.Value("evopo_device_info", ("device", "cuda"), ("name", "cuda:1")));
        Assert.Equal(4, scrape.Value("evopo_worker_capacity"));
        Assert.Equal("counter", scrape.TypeOf("process_cpu_seconds_total"));
    }

    [Fact]
    public async Task The_instruments_of_a_node_keep_their_documented_names()
    {
        using var metrics = new NodeMetrics([GpuWorker.Node.WorkerMetrics.Meter, SearchMetrics.Meter], new NodeProbe(), Ready(true));
        var run = "metrics-" + Guid.NewGuid().ToString("N");
        SearchMetrics.SetPending(run, 5);
        SearchMetrics.Persisted("UnitCompleted", TimeSpan.FromMilliseconds(3));
        SearchMetrics.GenerationCompleted(12);

        var scrape = await ScrapeAsync(metrics);
        scrape.AssertEverySampleIsDeclared();
        Assert.Equal(5, scrape.Value("evopo_pending_units", ("run", run)));
        // The sum over runs, one series without labels (other tests' runs may add to it).
        Assert.Equal("gauge", scrape.TypeOf("evopo_pending_units_all"));
        Assert.True(scrape.Value("evopo_pending_units_all") >= 5);
        Assert.Equal("histogram", scrape.TypeOf("evopo_persistence_latency_seconds"));
        Assert.True(scrape.Value("evopo_persistence_latency_seconds_count", ("event", "UnitCompleted")) >= 1);
        Assert.True(scrape.Value("evopo_generation_duration_seconds_count") >= 1);
        // Both outcomes from the first scrape on, before any unit, so a rate over them counts the first unit too.
        Assert.Equal("gauge", scrape.TypeOf("evopo_units_done"));
        Assert.Single(scrape.Samples("evopo_units_done", ("outcome", "ok")));
        Assert.Single(scrape.Samples("evopo_units_done", ("outcome", "failed")));

        // An ended run drops out of the sum at once: its series reads 0 (for a while, then it is no longer reported).
        SearchMetrics.RunEnded(run);
        Assert.Equal(0, (await ScrapeAsync(metrics)).Value("evopo_pending_units", ("run", run)));
        Assert.Equal(0, (await ScrapeAsync(metrics)).Value("evopo_pending_units", ("run", run)));
    }

    [Fact]
    public async Task Pending_units_all_is_reported_at_0_when_idle_and_sums_the_runs()
    {
        using var meter = new Meter("EvoPoTest");
        var pending = new PendingUnits(meter, TimeSpan.FromMinutes(10));
        using var metrics = new NodeMetrics([meter], new NodeProbe(), Ready(true));

        // No run hosted: no per-run series, but the sum is there, at 0, for an autoscaler to read (and scale to zero on).
        var idle = await ScrapeAsync(metrics);
        idle.AssertEverySampleIsDeclared();
        Assert.Empty(idle.Samples("evopotest_pending_units"));
        Assert.Equal("gauge", idle.TypeOf("evopotest_pending_units_all"));
        Assert.Equal(0, idle.Value("evopotest_pending_units_all"));

        pending.Set("a", 3);
        pending.Set("b", 4);
        var busy = await ScrapeAsync(metrics);
        Assert.Equal(3, busy.Value("evopotest_pending_units", ("run", "a")));
        Assert.Equal(7, busy.Value("evopotest_pending_units_all"));

        pending.Set("a", 1);
        pending.Ended("b");
        Assert.Equal(1, (await ScrapeAsync(metrics)).Value("evopotest_pending_units_all"));

        // Every run ended: still reported, at 0.
        pending.Ended("a");
        Assert.Equal(0, (await ScrapeAsync(metrics)).Value("evopotest_pending_units_all"));
    }

    [Fact]
    public async Task Pending_units_all_stays_at_0_once_ended_runs_are_forgotten()
    {
        using var meter = new Meter("EvoPoTest");
        var pending = new PendingUnits(meter, TimeSpan.Zero);
        using var metrics = new NodeMetrics([meter], new NodeProbe(), Ready(true));
        pending.Set("a", 5);
        Assert.Equal(5, (await ScrapeAsync(metrics)).Value("evopotest_pending_units_all"));
        pending.Ended("a");
        await Task.Delay(10);
        Assert.Equal(0, (await ScrapeAsync(metrics)).Value("evopotest_pending_units_all"));
        pending.Set("b", 2);
        Assert.Equal(2, (await ScrapeAsync(metrics)).Value("evopotest_pending_units_all"));
    }

    private static Func<CancellationToken, Task<bool>> Ready(bool ready) => _ => Task.FromResult(ready);

    private static async Task<PrometheusText> ScrapeAsync(NodeMetrics metrics)
    {
        using var stream = new MemoryStream();
        await metrics.Registry.CollectAndExportAsTextAsync(stream);
        return new PrometheusText(Encoding.UTF8.GetString(stream.ToArray()));
    }
}
