namespace EvoPo.Coordinator.Config;

/// <summary>
/// The keys in which two search configs differ, as "es.population: 4 → 8", so that a refused config change says what
/// changed. Compares the configs' <see cref="SearchConfigLoader.ToYaml"/> forms, which name every key with its value
/// (defaults included), so two files that spell the same config differently compare equal.
/// </summary>
public static class ConfigDifference
{
    /// <returns>One entry per differing key, in the order of the config's sections; empty when the configs are the same.</returns>
    public static IReadOnlyList<string> Between(SearchConfig from, SearchConfig to)
    {
        var before = Keyed(SearchConfigLoader.ToYaml(from));
        var after = Keyed(SearchConfigLoader.ToYaml(to)).ToDictionary(StringComparer.Ordinal);
        return before
            .Where(kv => after.GetValueOrDefault(kv.Key) != kv.Value)
            .Select(kv => $"{kv.Key}: {kv.Value} → {after.GetValueOrDefault(kv.Key) ?? "(none)"}")
            .ToArray();
    }

    /// <summary>"3 keys differ: es.population: 4 → 8, …", at most <paramref name="shown"/> of them named.</summary>
    public static string Describe(IReadOnlyList<string> differences, int shown = 4) =>
        (differences.Count == 1 ? "1 key differs: " : $"{differences.Count} keys differ: ") +
        string.Join(", ", differences.Take(shown)) + (differences.Count > shown ? $" and {differences.Count - shown} more" : "");

    /// <summary>ToYaml's lines ("section:" then "  key: value") as ("section.key", "value") in order.</summary>
    private static List<KeyValuePair<string, string>> Keyed(string yaml)
    {
        var keyed = new List<KeyValuePair<string, string>>();
        var section = "";
        foreach (var line in yaml.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            if (!line.StartsWith(' ')) section = line.TrimEnd(':');
            else if (line.Trim().Split(": ", 2) is [var key, var value]) keyed.Add(new($"{section}.{key}", value));
        }
        return keyed;
    }
}
