using System.Globalization;
using EvoPo.Coordinator.Config;

namespace EvoPo.Coordinator.Baselines;

/// <summary>One dataset variant of the baselines table: base, mixed, or noisy at one label-flip probability.</summary>
public sealed record BaselineColumn(DatasetVariant Variant, double Noise)
{
    public string Label => Variant == DatasetVariant.Noisy
        ? string.Create(CultureInfo.InvariantCulture, $"noisy {Noise}")
        : YamlNames.Of(Variant);

    /// <summary>The column's name in config keys and run ids: <c>base</c>, <c>mixed</c>, <c>noisy-0.3</c>.</summary>
    public string Key => Label.Replace(' ', '-');

    /// <summary>The columns a config names, in its order; noisy expands to one column per level.</summary>
    public static IReadOnlyList<BaselineColumn> Of(BaselinesConfig config) =>
        config.Variants.SelectMany(v => v == DatasetVariant.Noisy
            ? config.Noise.Select(n => new BaselineColumn(v, n))
            : [new BaselineColumn(v, 0)]).ToArray();
}
