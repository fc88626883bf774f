using System.Text.Json;
using System.Text.Json.Nodes;
using EvoPo.Coordinator.Search;

namespace EvoPo.Coordinator.Runs;

/// <summary><c>best.json</c>: the best candidate objective seen so far and the current ES mean, with what produced them.</summary>
public static class BestJson
{
    public const string Format = "evopo-best";
    public const int Version = 1;

    /// <summary>A best.json holds two vectors of a few thousand numbers (tens of KiB); a start vector is one. More is a
    /// wrong file, refused before it fills memory.</summary>
    public const int MaxFileBytes = 4 << 20;

    public static string Build(SearchRunState state)
    {
        var es = state.Es;
        var hyper = new JsonObject();
        foreach (var (key, value) in state.Plan.SearchedHyperparameters) hyper[key] = value;
        var root = new JsonObject
        {
            ["format"] = Format,
            ["version"] = Version,
            ["runId"] = state.Created.RunId,
            ["objective"] = state.Plan.SearchedObjective,
            ["hyperparameters"] = hyper,
            ["generationsCompleted"] = es.Generation,
            ["best"] = es.BestParameters is null
                ? null
                : new JsonObject
                {
                    ["fitness"] = es.BestFitness,
                    ["parameters"] = Array(es.BestParameters),
                },
            ["mean"] = new JsonObject
            {
                ["digest"] = es.MeanDigest(),
                ["parameters"] = Array(es.Mean),
            },
            ["datasetHash"] = state.Created.DatasetHash,
            ["agentHash"] = state.Created.AgentHash,
        };
        return root.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }

    /// <summary>
    /// The objective a <c>best.json</c> describes: its name, hyperparameters, and the ES mean's and best candidate's vectors;
    /// and what it says about its run (null where a file lacks the field).
    /// </summary>
    public sealed record Contents(string Objective, IReadOnlyDictionary<string, double> Hyperparameters, double[] Mean, double[]? Best)
    {
        public string? RunId { get; init; }

        public string? MeanDigest { get; init; }

        public int? GenerationsCompleted { get; init; }

        public double? BestFitness { get; init; }

        public string? DatasetHash { get; init; }

        public string? AgentHash { get; init; }
    }

    /// <summary>Reads a <c>best.json</c>; throws <see cref="FormatException"/> saying what is missing or malformed.</summary>
    public static Contents Parse(string json)
    {
        try
        {
            using var doc = JsonDocument.Parse(json);
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("format", out var format) || format.ValueKind != JsonValueKind.String || format.GetString() != Format)
                throw new FormatException($"not a {Format} file (no \"format\": \"{Format}\")");
            var name = root.GetProperty("objective").GetString() ?? throw new FormatException("\"objective\" is null");
            var hyper = new Dictionary<string, double>();
            if (root.TryGetProperty("hyperparameters", out var h) && h.ValueKind == JsonValueKind.Object)
                foreach (var p in h.EnumerateObject()) hyper[p.Name] = p.Value.GetDouble();
            var mean = Numbers(root.GetProperty("mean").GetProperty("parameters"));
            var best = root.TryGetProperty("best", out var b) && b.ValueKind == JsonValueKind.Object ? Numbers(b.GetProperty("parameters")) : null;
            return new Contents(name, hyper, mean, best)
            {
                RunId = Text(root, "runId"),
                MeanDigest = Text(root.GetProperty("mean"), "digest"),
                GenerationsCompleted = root.TryGetProperty("generationsCompleted", out var g) && g.ValueKind == JsonValueKind.Number ? g.GetInt32() : null,
                BestFitness = b.ValueKind == JsonValueKind.Object && b.TryGetProperty("fitness", out var f) && f.ValueKind == JsonValueKind.Number ? f.GetDouble() : null,
                DatasetHash = Text(root, "datasetHash"),
                AgentHash = Text(root, "agentHash"),
            };
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new FormatException(e.Message, e);
        }
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static double[] Numbers(JsonElement array) => array.EnumerateArray().Select(v => v.GetDouble()).ToArray();

    private static JsonArray Array(double[] values) => new(values.Select(v => (JsonNode?)JsonValue.Create(v)).ToArray());
}
