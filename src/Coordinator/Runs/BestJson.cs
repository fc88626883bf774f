using System.Text.Json;
using System.Text.Json.Nodes;
using EvoPo.Coordinator.Search;
using EvoPo.Simulation.Files;

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

    /// <summary>Reads a <c>best.json</c> of at most <see cref="MaxFileBytes"/>; see <see cref="Parse"/>.</summary>
    /// <exception cref="FormatException">The content is not a usable best.json.</exception>
    /// <exception cref="IOException">It cannot be read, or is larger than a best.json may be (<see cref="FileTooLargeException"/>).</exception>
    public static Contents Read(string path) => Parse(BoundedFile.ReadAllText(path, MaxFileBytes, "a best.json"));

    /// <summary>
    /// Reads a <c>best.json</c>'s text; throws <see cref="FormatException"/> naming the field that is missing or malformed
    /// (never the file: callers name it as their reader knows it). Every number must be finite and the best candidate as
    /// long as the mean, so a file that reads here is one an objective can be built from.
    /// </summary>
    public static Contents Parse(string json)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            throw new FormatException($"not valid JSON ({e.Message})", e);
        }
        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("format", out var format) || format.ValueKind != JsonValueKind.String || format.GetString() != Format)
                throw new FormatException($"not a {Format} file (no \"format\": \"{Format}\")");
            if (root.TryGetProperty("version", out var version) && !(version.ValueKind == JsonValueKind.Number && version.TryGetInt32(out var v) && v == Version))
                throw new FormatException($"\"version\" is {version.GetRawText()}; this evopo reads version {Version}");
            var name = root.TryGetProperty("objective", out var objective) && objective.ValueKind == JsonValueKind.String && objective.GetString() is { Length: > 0 } n
                ? n
                : throw new FormatException("\"objective\" is missing or not a name");
            var hyper = new Dictionary<string, double>();
            if (root.TryGetProperty("hyperparameters", out var h) && h.ValueKind != JsonValueKind.Null)
            {
                if (h.ValueKind != JsonValueKind.Object) throw new FormatException("\"hyperparameters\" is not an object");
                foreach (var p in h.EnumerateObject()) hyper[p.Name] = Finite(p.Value, $"hyperparameters.{p.Name}");
            }
            if (!root.TryGetProperty("mean", out var meanObject) || meanObject.ValueKind != JsonValueKind.Object)
                throw new FormatException("\"mean\" is missing or not an object");
            var mean = Numbers(meanObject, "mean");
            double[]? best = null;
            double? bestFitness = null;
            if (root.TryGetProperty("best", out var b) && b.ValueKind != JsonValueKind.Null)
            {
                if (b.ValueKind != JsonValueKind.Object) throw new FormatException("\"best\" is neither null nor an object");
                best = Numbers(b, "best");
                if (best.Length != mean.Length)
                    throw new FormatException($"best.parameters has {best.Length} values, mean.parameters {mean.Length}: they are vectors of one objective");
                bestFitness = b.TryGetProperty("fitness", out var f) ? Finite(f, "best.fitness") : throw new FormatException("best.fitness is missing");
            }
            string? runId = null;
            if (root.TryGetProperty("runId", out var r) && r.ValueKind != JsonValueKind.Null)
                runId = r.ValueKind == JsonValueKind.String ? r.GetString() : throw new FormatException("\"runId\" is not a string");
            int? generations = null;
            if (root.TryGetProperty("generationsCompleted", out var g) && g.ValueKind != JsonValueKind.Null)
                generations = g.ValueKind == JsonValueKind.Number && g.TryGetInt32(out var count) && count >= 0
                    ? count
                    : throw new FormatException("\"generationsCompleted\" is not a count");
            return new Contents(name, hyper, mean, best)
            {
                RunId = runId,
                MeanDigest = Text(meanObject, "digest"),
                GenerationsCompleted = generations,
                BestFitness = bestFitness,
                DatasetHash = Text(root, "datasetHash"),
                AgentHash = Text(root, "agentHash"),
            };
        }
    }

    /// <summary>The <c>parameters</c> array of <paramref name="owner"/> ("mean" or "best").</summary>
    private static double[] Numbers(JsonElement owner, string ownerName)
    {
        if (!owner.TryGetProperty("parameters", out var array) || array.ValueKind != JsonValueKind.Array)
            throw new FormatException($"{ownerName}.parameters is missing or not an array");
        var values = new double[array.GetArrayLength()];
        var i = 0;
        foreach (var value in array.EnumerateArray())
        {
            values[i] = Finite(value, $"{ownerName}.parameters[{i}]");
            i++;
        }
        return values;
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static double Finite(JsonElement value, string field) =>
        value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var number) && double.IsFinite(number)
            ? number
            : throw new FormatException($"{field} is {Describe(value)}, not a finite number");

    private static string Describe(JsonElement value)
    {
        var raw = value.GetRawText();
        return raw.Length <= 24 ? raw : raw[..21] + "...";
    }

    private static JsonArray Array(double[] values) => new(values.Select(v => (JsonNode?)JsonValue.Create(v)).ToArray());
}
