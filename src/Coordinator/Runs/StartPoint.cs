using System.Text.Json;
using EvoPo.Coordinator.Config;
using EvoPo.Coordinator.Search;
using EvoPo.Simulation.Files;

namespace EvoPo.Coordinator.Runs;

/// <summary>
/// The ES mean a new search starts from (<c>objective.start</c>): the zero network, or the vector of a file, either a
/// <c>best.json</c> of an earlier run (its ES mean; its objective must be the one searched now) or a JSON array of
/// numbers. Read when the run is created, before anything runs; the run's journal keeps the vector itself.
/// </summary>
public static class StartPoint
{
    private const string Key = "objective.start";

    public static double[] Load(SearchConfig config, string configPath)
    {
        var objective = config.Objective;
        if (objective.Start == ObjectiveConfig.ZeroStart) return SearchPlan.ZeroMean(config);
        var path = Find(objective.Start, configPath);
        double[] vector;
        try
        {
            using var json = JsonDocument.Parse(BoundedFile.ReadAllText(path, BestJson.MaxFileBytes, "a start vector"));
            vector = Vector(json.RootElement, SearchPlan.ObjectiveName(objective));
        }
        catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException or InvalidOperationException or FormatException)
        {
            throw new ConfigException(Key, $"cannot read a start vector from '{path}': {e.Message}", configPath, 0, 0, e);
        }
        var dimension = SearchPlan.DimensionOf(objective);
        if (vector.Length != dimension)
            throw new ConfigException(Key,
                $"'{path}' holds {vector.Length} values, but learning [{string.Join(", ", objective.Learn.Select(YamlNames.Of))}] needs {dimension} (379 per function)",
                configPath, 0, 0);
        if (vector.Any(v => !double.IsFinite(v)))
            throw new ConfigException(Key, $"'{path}' holds a value that is not finite", configPath, 0, 0);
        return vector;
    }

    private static double[] Vector(JsonElement root, string objectiveName)
    {
        if (root.ValueKind == JsonValueKind.Array) return root.EnumerateArray().Select(v => v.GetDouble()).ToArray();
        if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("format", out var format) && format.GetString() == BestJson.Format)
        {
            var best = BestJson.Parse(root.GetRawText());
            if (best.Objective != objectiveName)
                throw new InvalidOperationException($"it is a search of {best.Objective}, this config searches {objectiveName}");
            return best.Mean;
        }
        throw new InvalidOperationException($"expected a JSON array of numbers or a {BestJson.Format} file");
    }

    /// <summary>As agent paths: the working directory, then the config's directory and its parents.</summary>
    private static string Find(string path, string configPath) =>
        ConfigRelativePath.Find(path, configPath)
            ?? throw new ConfigException(Key, $"'{path}' is neither {ObjectiveConfig.ZeroStart} nor an existing file (looked in the working directory and above the config)", configPath, 0, 0);
}
