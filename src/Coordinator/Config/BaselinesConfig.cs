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

    public int Seeds { get; init; } = 3;

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
    }

    public bool Equals(BaselinesConfig? other) =>
        other is not null && Variants.SequenceEqual(other.Variants) && Noise.SequenceEqual(other.Noise) &&
        Methods.SequenceEqual(other.Methods) && Seeds == other.Seeds;

    public override int GetHashCode() => HashCode.Combine(Variants.Count, Noise.Count, Methods.Count, Seeds);
}
