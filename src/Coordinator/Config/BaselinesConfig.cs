using System.Globalization;

namespace EvoPo.Coordinator.Config;

/// <summary>
/// <c>baselines</c>: what <c>evopo baselines</c> trains (a search ignores this section). Every listed method × every
/// training seed, on each dataset variant: <c>base</c>, <c>mixed</c>, and <c>noisy</c> once per level in <c>noise</c>.
/// The variants share the <c>dataset</c> section's pairs, seed and judge temperature, so they differ only in how pairs
/// are drawn and labelled.
/// </summary>
public sealed record BaselinesConfig
{
    public IReadOnlyList<DatasetVariant> Variants { get; init; } = [DatasetVariant.Base, DatasetVariant.Mixed, DatasetVariant.Noisy];

    /// <summary>The noisy variant's label-flip probabilities, one column each (math.md §5: three levels up to 0.3).</summary>
    public IReadOnlyList<double> Noise { get; init; } = [0.1, 0.2, 0.3];

    /// <summary>The objectives trained (default: the whole zoo of math.md §2), each with its catalog defaults.</summary>
    public IReadOnlyList<BaselineName> Methods { get; init; } = Enum.GetValues<BaselineName>();

    /// <summary>Training seeds per method: the table's, which are the held-out seeds when a grid is tuned.</summary>
    public int Seeds { get; init; } = 3;

    /// <summary>Values to sweep per method and hyperparameter (as <c>report.grid</c>); each method's best on validation is the tuned one.</summary>
    public IReadOnlyDictionary<BaselineName, IReadOnlyDictionary<string, IReadOnlyList<double>>> Grid { get; init; } =
        new Dictionary<BaselineName, IReadOnlyDictionary<string, IReadOnlyList<double>>>();

    /// <summary>Training seeds per grid point in the validation sweep.</summary>
    public int ValidationSeeds { get; init; } = 3;

    /// <summary>Evaluation episodes per agent in the validation sweep.</summary>
    public int ValidationEpisodes { get; init; } = 32;

    /// <summary>Evaluation episodes per agent in the held-out table.</summary>
    public int HeldOutEpisodes { get; init; } = 64;

    internal void Validate()
    {
        if (Variants.Count == 0) throw new ConfigException("baselines.variants", "must name at least one of base | noisy | mixed");
        if (Variants.Distinct().Count() != Variants.Count)
            throw new ConfigException("baselines.variants", $"must not list a variant twice, got [{string.Join(", ", Variants.Select(YamlNames.Of))}]");
        if (Variants.Contains(DatasetVariant.Noisy) && Noise.Count == 0)
            throw new ConfigException("baselines.noise", "must list at least one level when baselines.variants has noisy");
        if (Noise.Distinct().Count() != Noise.Count)
            throw new ConfigException("baselines.noise", $"must not list a level twice, got [{string.Join(", ", Noise.Select(n => n.ToString(CultureInfo.InvariantCulture)))}]");
        for (var i = 0; i < Noise.Count; i++) ConfigChecks.InRange($"baselines.noise[{i}]", Noise[i], 0.0, 0.5);
        if (Methods.Count == 0) throw new ConfigException("baselines.methods", "must name at least one objective");
        if (Methods.Distinct().Count() != Methods.Count)
            throw new ConfigException("baselines.methods", $"must not list a method twice, got [{string.Join(", ", Methods.Select(YamlNames.Of))}]");
        ConfigChecks.InRange("baselines.seeds", Seeds, 1, 100);
        ConfigChecks.InRange("baselines.validationSeeds", ValidationSeeds, 1, 100);
        ConfigChecks.InRange("baselines.validationEpisodes", ValidationEpisodes, 1, 100_000);
        ConfigChecks.InRange("baselines.heldOutEpisodes", HeldOutEpisodes, 1, 100_000);
        foreach (var (baseline, grid) in Grid)
        {
            var key = $"baselines.grid.{YamlNames.Of(baseline)}";
            if (!Methods.Contains(baseline))
                throw new ConfigException(key, $"is not in baselines.methods [{string.Join(", ", Methods.Select(YamlNames.Of))}]; list it there or remove its grid");
            HyperparameterGrid.Validate(key, GpuWorker.Objectives.ObjectiveSpec.Default(YamlNames.Of(baseline)), grid);
        }
    }

    public bool Equals(BaselinesConfig? other) =>
        other is not null && Variants.SequenceEqual(other.Variants) && Noise.SequenceEqual(other.Noise) &&
        Methods.SequenceEqual(other.Methods) && Seeds == other.Seeds && ValidationSeeds == other.ValidationSeeds &&
        ValidationEpisodes == other.ValidationEpisodes && HeldOutEpisodes == other.HeldOutEpisodes &&
        Grid.Count == other.Grid.Count &&
        Grid.All(kv => other.Grid.TryGetValue(kv.Key, out var g) && g.Count == kv.Value.Count &&
                       kv.Value.All(x => g.TryGetValue(x.Key, out var values) && values.SequenceEqual(x.Value)));

    public override int GetHashCode() => HashCode.Combine(Variants.Count, Noise.Count, Methods.Count, Seeds, Grid.Count);
}
