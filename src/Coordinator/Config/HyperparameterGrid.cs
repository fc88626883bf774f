using System.Globalization;
using EvoPo.GpuWorker.Objectives;

namespace EvoPo.Coordinator.Config;

/// <summary>The points of a hyperparameter grid: the product of each key's values over a base objective, in key then value order.</summary>
public static class HyperparameterGrid
{
    public const int MaxPoints = 1000;

    public static IReadOnlyList<ObjectiveSpec> Expand(ObjectiveSpec baseSpec, IReadOnlyDictionary<string, IReadOnlyList<double>>? grid)
    {
        var points = new List<Dictionary<string, double>> { new(baseSpec.Hyperparameters) };
        foreach (var (key, values) in grid ?? new Dictionary<string, IReadOnlyList<double>>())
            points = points.SelectMany(p => values.Select(v => new Dictionary<string, double>(p) { [key] = v })).ToList();
        return points.Select(p => new ObjectiveSpec(baseSpec.Name, p)).ToArray();
    }

    /// <summary>A method's label in tables: its name and the hyperparameters set on it, e.g. <c>dpo (beta=0.1)</c>.</summary>
    public static string Label(ObjectiveSpec spec) => spec.Hyperparameters.Count == 0
        ? spec.Name
        : $"{spec.Name} ({string.Join(", ", spec.Hyperparameters.OrderBy(h => h.Key, StringComparer.Ordinal).Select(h => string.Create(CultureInfo.InvariantCulture, $"{h.Key}={h.Value:G4}")))})";

    /// <summary>Refuses an empty, repeated or non-finite value list, a grid too large, and any point the objective refuses.</summary>
    internal static void Validate(string key, ObjectiveSpec baseSpec, IReadOnlyDictionary<string, IReadOnlyList<double>> grid)
    {
        ValidateValues(key, grid);
        foreach (var point in Expand(baseSpec, grid))
        {
            try
            {
                ObjectiveCatalog.Validate(point);
            }
            catch (ArgumentException ex)
            {
                throw new ConfigException(key, $"point {Label(point)}: {ex.Message}");
            }
        }
    }

    private static void ValidateValues(string key, IReadOnlyDictionary<string, IReadOnlyList<double>> grid)
    {
        long count = 1;
        foreach (var (name, values) in grid)
        {
            if (values.Count == 0) throw new ConfigException($"{key}.{name}", "must list at least one value");
            if (values.Distinct().Count() != values.Count) throw new ConfigException($"{key}.{name}", "must not list a value twice");
            if (values.Any(v => !double.IsFinite(v))) throw new ConfigException($"{key}.{name}", "must list finite numbers");
            count *= values.Count;
            if (count > MaxPoints) throw new ConfigException(key, $"has more than {MaxPoints} points");
        }
    }
}
