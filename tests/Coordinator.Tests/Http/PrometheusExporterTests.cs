using System.Diagnostics.Metrics;
using EvoPo.Coordinator.Http;

namespace EvoPo.Coordinator.Tests.Http;

public sealed class PrometheusExporterTests
{
    [Fact]
    public void Counters_histograms_and_gauges_are_written_in_the_text_format()
    {
        var meterName = "EvoPo.Test." + Guid.NewGuid().ToString("N");
        using var meter = new Meter(meterName);
        using var exporter = new PrometheusExporter([meterName]);
        var done = meter.CreateCounter<long>("test_units_done", description: "units done");
        var duration = meter.CreateHistogram<double>("test_duration_seconds", description: "how long");
        var level = 7;
        meter.CreateObservableGauge("test_pending", () => new Measurement<int>(level, new KeyValuePair<string, object?>("run", "a\"b")));

        done.Add(2, new KeyValuePair<string, object?>("outcome", "ok"));
        done.Add(1, new KeyValuePair<string, object?>("outcome", "ok"));
        duration.Record(0.3);
        duration.Record(42);

        var text = exporter.Scrape([("test_device_info", "device", [new("device", "cpu")], 1)]);
        Assert.Contains("# HELP test_units_done_total units done\n# TYPE test_units_done_total counter\ntest_units_done_total{outcome=\"ok\"} 3\n", text);
        Assert.Contains("# TYPE test_duration_seconds histogram\n", text);
        Assert.Contains("test_duration_seconds_bucket{le=\"0.25\"} 0\n", text);
        Assert.Contains("test_duration_seconds_bucket{le=\"0.5\"} 1\n", text);
        Assert.Contains("test_duration_seconds_bucket{le=\"60\"} 2\n", text);
        Assert.Contains("test_duration_seconds_bucket{le=\"+Inf\"} 2\n", text);
        Assert.Contains("test_duration_seconds_sum 42.3\n", text);
        Assert.Contains("test_duration_seconds_count 2\n", text);
        Assert.Contains("# TYPE test_pending gauge\ntest_pending{run=\"a\\\"b\"} 7\n", text);
        Assert.Contains("# TYPE test_device_info gauge\ntest_device_info{device=\"cpu\"} 1\n", text);

        level = 3;
        Assert.Contains("test_pending{run=\"a\\\"b\"} 3\n", exporter.Scrape([]));
    }

    [Fact]
    public void Instruments_of_other_meters_are_left_out()
    {
        using var mine = new Meter("EvoPo.Test." + Guid.NewGuid().ToString("N"));
        using var other = new Meter("EvoPo.Other." + Guid.NewGuid().ToString("N"));
        using var exporter = new PrometheusExporter([mine.Name]);
        mine.CreateCounter<int>("mine_total_things").Add(1);
        other.CreateCounter<int>("other_things").Add(1);

        var text = exporter.Scrape([]);
        Assert.Contains("mine_total_things_total 1\n", text);
        Assert.DoesNotContain("other_things", text);
    }
}
