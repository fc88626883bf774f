using System.Globalization;
using System.Text;

namespace EvoPo.Coordinator.Tests.Http;

/// <summary>
/// A scrape read back as Prometheus reads it (text format 0.0.4): families by name with their TYPE, and every
/// sample with its labels and value. Malformed lines fail the test, so a bad exposition cannot pass unnoticed.
/// </summary>
internal sealed class PrometheusText
{
    private static readonly string[] HistogramSuffixes = ["_bucket", "_sum", "_count"];

    private readonly Dictionary<string, string> _types = [];
    private readonly List<Sample> _samples = [];

    public PrometheusText(string text)
    {
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.StartsWith("# TYPE ", StringComparison.Ordinal))
            {
                var parts = line.Split(' ');
                Assert.True(_types.TryAdd(parts[2], parts[3]), $"family {parts[2]} is declared twice");
                continue;
            }
            if (line.StartsWith('#')) continue;
            _samples.Add(ParseSample(line));
        }
    }

    public sealed record Sample(string Name, IReadOnlyDictionary<string, string> Labels, double Value);

    /// <summary>The TYPE of a family, or null when the scrape has none of that name.</summary>
    public string? TypeOf(string family) => _types.GetValueOrDefault(family);

    /// <summary>The one sample of that series name whose labels include <paramref name="labels"/>.</summary>
    public double Value(string name, params (string Key, string Value)[] labels)
    {
        var matching = Samples(name, labels).ToList();
        Assert.True(matching.Count == 1, $"{matching.Count} samples of {name} with labels {string.Join(",", labels)}");
        return matching[0].Value;
    }

    public IEnumerable<Sample> Samples(string name, params (string Key, string Value)[] labels) =>
        _samples.Where(s => s.Name == name && labels.All(l => s.Labels.GetValueOrDefault(l.Key) == l.Value));

    /// <summary>Every sample belongs to a declared family (histogram series to theirs).</summary>
    public void AssertEverySampleIsDeclared()
    {
        foreach (var sample in _samples)
        {
            var family = HistogramSuffixes.Where(sample.Name.EndsWith).Select(s => sample.Name[..^s.Length]).FirstOrDefault(f => TypeOf(f) == "histogram");
            Assert.True(TypeOf(family ?? sample.Name) is not null, $"sample {sample.Name} has no # TYPE line");
        }
    }

    private static Sample ParseSample(string line)
    {
        var labels = new Dictionary<string, string>();
        var i = 0;
        while (i < line.Length && line[i] is not ('{' or ' ')) i++;
        var name = line[..i];
        if (i < line.Length && line[i] == '{')
        {
            i++;
            while (line[i] != '}')
            {
                var equals = line.IndexOf('=', i);
                var key = line[i..equals];
                Assert.Equal('"', line[equals + 1]);
                var value = new StringBuilder();
                for (i = equals + 2; line[i] != '"'; i++)
                    value.Append(line[i] == '\\' ? line[++i] switch { 'n' => '\n', var c => c } : line[i]);
                labels.Add(key, value.ToString());
                i++;
                if (line[i] == ',') i++;
            }
            i++;
        }
        var number = line[(i + 1)..].Split(' ')[0];
        var parsed = number switch
        {
            "+Inf" => double.PositiveInfinity,
            "-Inf" => double.NegativeInfinity,
            "NaN" => double.NaN,
            _ => double.Parse(number, NumberStyles.Float, CultureInfo.InvariantCulture),
        };
        return new Sample(name, labels, parsed);
    }
}
