using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text;

namespace EvoPo.Coordinator.Http;

/// <summary>
/// Collects the instruments of the named meters (System.Diagnostics.Metrics) and writes them in the Prometheus
/// text exposition format (version 0.0.4): counters as <c>NAME_total</c>, histograms as cumulative
/// <c>_bucket</c>/<c>_sum</c>/<c>_count</c> series, observable gauges read at scrape time.
/// </summary>
public sealed class PrometheusExporter : IDisposable
{
    /// <summary>Upper bounds of every histogram, in the instrument's unit (seconds here): a journal write to an hour-long unit.</summary>
    public static readonly double[] Buckets =
        [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800, 3600];

    private readonly MeterListener _listener = new();
    private readonly HashSet<string> _meters;
    private readonly object _gate = new();
    private readonly Dictionary<Instrument, Family> _families = [];

    public PrometheusExporter(IEnumerable<string> meterNames)
    {
        _meters = [.. meterNames];
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (!_meters.Contains(instrument.Meter.Name)) return;
            lock (_gate) _families[instrument] = new Family(instrument);
            listener.EnableMeasurementEvents(instrument);
        };
        _listener.SetMeasurementEventCallback<int>((i, v, tags, _) => Record(i, v, tags));
        _listener.SetMeasurementEventCallback<long>((i, v, tags, _) => Record(i, v, tags));
        _listener.SetMeasurementEventCallback<double>((i, v, tags, _) => Record(i, v, tags));
        _listener.Start();
    }

    /// <summary>The exposition text: every collected instrument, then <paramref name="extraGauges"/> (node facts such as the device).</summary>
    public string Scrape(IEnumerable<(string Name, string Help, IReadOnlyList<KeyValuePair<string, string>> Labels, double Value)> extraGauges)
    {
        var text = new StringBuilder();
        lock (_gate)
        {
            foreach (var family in _families.Values.Where(f => f.Kind == "gauge")) family.Series.Clear();
            _listener.RecordObservableInstruments();
            foreach (var family in _families.Values.OrderBy(f => f.Name, StringComparer.Ordinal)) family.Write(text);
        }
        foreach (var group in extraGauges.GroupBy(g => g.Name))
        {
            text.Append("# HELP ").Append(group.Key).Append(' ').Append(group.First().Help).Append('\n');
            text.Append("# TYPE ").Append(group.Key).Append(" gauge\n");
            foreach (var gauge in group)
                text.Append(group.Key).Append(Labels(gauge.Labels)).Append(' ').Append(Number(gauge.Value)).Append('\n');
        }
        return text.ToString();
    }

    public void Dispose() => _listener.Dispose();

    private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var labels = new List<KeyValuePair<string, string>>(tags.Length);
        foreach (var tag in tags) labels.Add(new(tag.Key, Convert.ToString(tag.Value, CultureInfo.InvariantCulture) ?? ""));
        labels.Sort((a, b) => string.CompareOrdinal(a.Key, b.Key));
        lock (_gate)
            if (_families.TryGetValue(instrument, out var family)) family.Add(Labels(labels), value);
    }

    private static string Labels(IEnumerable<KeyValuePair<string, string>> labels)
    {
        var parts = labels.Select(l => $"{l.Key}=\"{Escape(l.Value)}\"").ToArray();
        return parts.Length == 0 ? "" : "{" + string.Join(',', parts) + "}";
    }

    private static string Escape(string value) => value.Replace("\\", @"\\").Replace("\"", "\\\"").Replace("\n", @"\n");

    private static string Number(double value) => value switch
    {
        double.PositiveInfinity => "+Inf",
        double.NegativeInfinity => "-Inf",
        _ when double.IsNaN(value) => "NaN",
        _ => value.ToString("R", CultureInfo.InvariantCulture),
    };

    /// <summary>One instrument and its series, keyed by the rendered label set.</summary>
    private sealed class Family(Instrument instrument)
    {
        public string Kind { get; } = instrument switch
        {
            Counter<int> or Counter<long> or Counter<double> => "counter",
            Histogram<int> or Histogram<long> or Histogram<double> => "histogram",
            _ => "gauge",
        };

        public string Name { get; } = instrument.Name;

        /// <summary>Counter: [total]; gauge: [value]; histogram: per bucket counts, then sum and count.</summary>
        public Dictionary<string, double[]> Series { get; } = [];

        public void Add(string labels, double value)
        {
            if (!Series.TryGetValue(labels, out var series))
                Series[labels] = series = new double[Kind == "histogram" ? Buckets.Length + 2 : 1];
            switch (Kind)
            {
                case "counter":
                    series[0] += value;
                    break;
                case "gauge":
                    series[0] = instrument is UpDownCounter<int> or UpDownCounter<long> or UpDownCounter<double> ? series[0] + value : value;
                    break;
                default:
                    for (var b = 0; b < Buckets.Length; b++)
                        if (value <= Buckets[b]) series[b]++;
                    series[^2] += value;
                    series[^1]++;
                    break;
            }
        }

        public void Write(StringBuilder text)
        {
            var name = Kind == "counter" ? Name + "_total" : Name;
            text.Append("# HELP ").Append(name).Append(' ').Append(instrument.Description ?? Name).Append('\n');
            text.Append("# TYPE ").Append(name).Append(' ').Append(Kind).Append('\n');
            foreach (var (labels, series) in Series.OrderBy(s => s.Key, StringComparer.Ordinal))
            {
                if (Kind != "histogram")
                {
                    text.Append(name).Append(labels).Append(' ').Append(Number(series[0])).Append('\n');
                    continue;
                }
                var inner = labels.Length == 0 ? "" : labels[1..^1] + ",";
                for (var b = 0; b < Buckets.Length; b++)
                    text.Append(name).Append("_bucket{").Append(inner).Append("le=\"").Append(Number(Buckets[b])).Append("\"} ").Append(Number(series[b])).Append('\n');
                text.Append(name).Append("_bucket{").Append(inner).Append("le=\"+Inf\"} ").Append(Number(series[^1])).Append('\n');
                text.Append(name).Append("_sum").Append(labels).Append(' ').Append(Number(series[^2])).Append('\n');
                text.Append(name).Append("_count").Append(labels).Append(' ').Append(Number(series[^1])).Append('\n');
            }
        }
    }
}
