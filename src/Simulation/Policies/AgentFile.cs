using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using EvoPo.Simulation.Normalization;

namespace EvoPo.Simulation.Policies;

/// <summary>
/// Reads and writes <c>*.agent.json</c>: { format: "evopo-agent", version: 2, task, distribution, shape: { obsDim, hidden,
/// actDim }, stdMin, parameters, provenance }. Version 1 files have no distribution: they are Gaussian, which is what
/// every policy was before squashing. An agent with observation normalization is written as version 3 with
/// "observationNormalization": { mean, std } (so older readers refuse it instead of acting on raw observations); agents
/// without it are written as before. Parsing is by hand so every missing or wrong field gets its own message.
/// </summary>
public static class AgentFile
{
    public const string Format = "evopo-agent";
    public const int Version = 2;

    /// <summary>The version of files that hold an observation normalization.</summary>
    public const int NormalizedVersion = 3;

    /// <summary>The last version without a "distribution" field.</summary>
    public const int GaussianOnlyVersion = 1;

    /// <summary>Far above any agent here (the largest, MuJoCo Ant's, is ~0.1 MiB); parsing a file takes ~20× its size in memory.</summary>
    public const long MaxFileBytes = 16L << 20;

    public static void Write(string path, Agent agent)
    {
        var provenance = new JsonObject();
        foreach (var (key, value) in agent.Provenance.OrderBy(kv => kv.Key, StringComparer.Ordinal)) provenance[key] = value;
        var parameters = new JsonArray();
        foreach (var p in agent.Parameters) parameters.Add(p);
        var root = new JsonObject
        {
            ["format"] = Format,
            ["version"] = agent.Normalizer is null ? Version : NormalizedVersion,
            ["task"] = agent.Task,
            ["distribution"] = PolicyDistributions.Name(agent.Distribution),
            ["shape"] = new JsonObject
            {
                ["obsDim"] = agent.Shape.ObsDim,
                ["hidden"] = new JsonArray([.. agent.Shape.Hidden.Select(h => (JsonNode?)h)]),
                ["actDim"] = agent.Shape.ActDim,
            },
            ["stdMin"] = agent.StdMin,
            ["parameters"] = parameters,
        };
        if (agent.Normalizer is { } normalizer)
            root["observationNormalization"] = new JsonObject
            {
                ["mean"] = new JsonArray([.. normalizer.Mean.ToArray().Select(v => (JsonNode?)v)]),
                ["std"] = new JsonArray([.. normalizer.Std.ToArray().Select(v => (JsonNode?)v)]),
            };
        root["provenance"] = provenance;
        // Informational: the reader recomputes it from the parameters.
        root["contentHash"] = agent.ContentHash;
        var temp = path + ".tmp-" + Environment.ProcessId;
        File.WriteAllText(temp, root.ToJsonString(new JsonSerializerOptions { WriteIndented = true }), new UTF8Encoding(false));
        File.Move(temp, path, overwrite: true);
    }

    public static Agent Read(string path)
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(Files.BoundedFile.ReadAllText(path, MaxFileBytes, "an agent file"));
        }
        catch (JsonException e)
        {
            throw new AgentFormatException(path, $"not valid JSON ({e.Message})");
        }
        catch (Files.FileTooLargeException e)
        {
            throw new AgentFormatException(path, e.Message);
        }
        if (root is not JsonObject obj) throw new AgentFormatException(path, "top level is not a JSON object");

        var format = Required<string>(path, obj, "format");
        if (format != Format) throw new AgentFormatException(path, $"format is '{format}', expected '{Format}'");
        var version = Required<int>(path, obj, "version");
        if (version is not (GaussianOnlyVersion or Version or NormalizedVersion))
            throw new AgentFormatException(path, $"version {version} is not supported (expected {GaussianOnlyVersion}, {Version} or {NormalizedVersion})");
        var task = Required<string>(path, obj, "task");
        var distribution = PolicyDistribution.Gaussian;
        if (version != GaussianOnlyVersion)
        {
            var name = Required<string>(path, obj, "distribution");
            if (!PolicyDistributions.TryParse(name, out distribution))
                throw new AgentFormatException(path, $"distribution '{name}' is unknown (expected {string.Join(" or ", PolicyDistributions.Names)})");
        }
        if (obj["shape"] is not JsonObject shapeNode) throw new AgentFormatException(path, "missing field 'shape'");
        var obsDim = Required<int>(path, shapeNode, "obsDim", "shape.");
        var actDim = Required<int>(path, shapeNode, "actDim", "shape.");
        if (shapeNode["hidden"] is not JsonArray hiddenNode) throw new AgentFormatException(path, "missing field 'shape.hidden'");
        var hidden = new int[hiddenNode.Count];
        for (var i = 0; i < hidden.Length; i++)
            hidden[i] = hiddenNode[i] is JsonValue value && value.TryGetValue<int>(out var width)
                ? width
                : throw new AgentFormatException(path, $"'shape.hidden[{i}]' is not an integer (got {hiddenNode[i]?.ToJsonString() ?? "null"})");
        var stdMin = Required<double>(path, obj, "stdMin");
        if (!(stdMin > 0) || !double.IsFinite(stdMin))
            throw new AgentFormatException(path, $"field 'stdMin' must be a finite number > 0, got {stdMin.ToString(System.Globalization.CultureInfo.InvariantCulture)}");
        if (obj["parameters"] is not JsonArray paramNode) throw new AgentFormatException(path, "missing field 'parameters'");

        PolicyShape shape;
        try
        {
            shape = new PolicyShape(obsDim, hidden, actDim);
        }
        catch (ArgumentException e)
        {
            throw new AgentFormatException(path, $"invalid shape ({e.Message})");
        }
        if (paramNode.Count != shape.ParameterCount)
            throw new AgentFormatException(path, $"has {paramNode.Count} parameters but shape {shape} needs {shape.ParameterCount}");
        var parameters = new float[paramNode.Count];
        for (var i = 0; i < parameters.Length; i++)
        {
            try
            {
                parameters[i] = paramNode[i]?.GetValue<float>() ?? throw new FormatException("null");
            }
            catch (Exception e) when (e is FormatException or InvalidOperationException)
            {
                throw new AgentFormatException(path, $"parameter {i} is not a number");
            }
            // 1e400, or 3.5e38 beyond float's range, read as ±∞: a policy with them acts and scores as NaN.
            if (!float.IsFinite(parameters[i]))
                throw new AgentFormatException(path, $"parameter {i} is not a finite 32-bit number (got {paramNode[i]!.ToJsonString()})");
        }

        var normalizer = version == NormalizedVersion ? ReadNormalizer(path, obj, obsDim) : null;
        if (version != NormalizedVersion && obj["observationNormalization"] is not null)
            throw new AgentFormatException(path, $"has 'observationNormalization' but version {version}; normalized agents are version {NormalizedVersion}");

        var provenance = new Dictionary<string, string>();
        if (obj["provenance"] is JsonObject provNode)
            foreach (var (key, value) in provNode) provenance[key] = value?.ToString() ?? "";
        return new Agent(task, shape, stdMin, parameters, provenance, distribution, normalizer);
    }

    private static ObservationNormalizer ReadNormalizer(string path, JsonObject obj, int obsDim)
    {
        if (obj["observationNormalization"] is not JsonObject node) throw new AgentFormatException(path, "missing field 'observationNormalization'");
        float[] Values(string name)
        {
            if (node[name] is not JsonArray array) throw new AgentFormatException(path, $"missing field 'observationNormalization.{name}'");
            if (array.Count != obsDim)
                throw new AgentFormatException(path, $"'observationNormalization.{name}' has {array.Count} values, the shape observes {obsDim}");
            var values = new float[obsDim];
            for (var i = 0; i < obsDim; i++)
                values[i] = array[i] is JsonValue v && v.TryGetValue<float>(out var x) && float.IsFinite(x)
                    ? x
                    : throw new AgentFormatException(path, $"'observationNormalization.{name}[{i}]' is not a finite 32-bit number");
            return values;
        }
        var mean = Values("mean");
        var std = Values("std");
        for (var i = 0; i < obsDim; i++)
            if (!(std[i] > 0)) throw new AgentFormatException(path, $"'observationNormalization.std[{i}]' must be > 0, got {std[i].ToString(System.Globalization.CultureInfo.InvariantCulture)}");
        return new ObservationNormalizer(mean, std);
    }

    private static T Required<T>(string path, JsonObject obj, string name, string prefix = "")
    {
        var node = obj[name] ?? throw new AgentFormatException(path, $"missing field '{prefix}{name}'");
        try
        {
            return node.GetValue<T>();
        }
        catch (Exception e) when (e is FormatException or InvalidOperationException)
        {
            throw new AgentFormatException(path, $"field '{prefix}{name}' is not a {typeof(T).Name}");
        }
    }
}
