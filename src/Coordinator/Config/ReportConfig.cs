using EvoPo.GpuWorker.Objectives;

namespace EvoPo.Coordinator.Config;

/// <summary>
/// <c>report</c>: the baselines trained next to the discovered objective, their hyperparameters where they should
/// differ from the catalog defaults (math.md §2), and how many seeds each.
/// </summary>
public sealed record ReportConfig
{
    public IReadOnlyList<BaselineName> Baselines { get; init; } = [BaselineName.Sft, BaselineName.Dpo, BaselineName.Orpo];

    /// <summary>Per listed baseline, hyperparameters over its defaults, e.g. <c>{ dpo: { beta: 0.2 } }</c>.</summary>
    public IReadOnlyDictionary<BaselineName, IReadOnlyDictionary<string, double>> Hyperparameters { get; init; } =
        new Dictionary<BaselineName, IReadOnlyDictionary<string, double>>();

    public int Seeds { get; init; } = 2;

    /// <summary>The objective a baseline trains with: its catalog name and the hyperparameters given here (the rest default).</summary>
    public ObjectiveSpec Objective(BaselineName baseline) => new(
        YamlNames.Of(baseline),
        Hyperparameters.TryGetValue(baseline, out var h) ? h : new Dictionary<string, double>());

    internal void Validate()
    {
        if (Baselines.Distinct().Count() != Baselines.Count)
            throw new ConfigException("report.baselines", $"must not list a baseline twice, got [{string.Join(", ", Baselines.Select(YamlNames.Of))}]");
        foreach (var baseline in Hyperparameters.Keys)
        {
            var key = $"report.hyperparameters.{YamlNames.Of(baseline)}";
            if (!Baselines.Contains(baseline))
                throw new ConfigException(key, $"is not in report.baselines [{string.Join(", ", Baselines.Select(YamlNames.Of))}]; list it there or remove its hyperparameters");
            try
            {
                ObjectiveCatalog.Validate(Objective(baseline));
            }
            catch (ArgumentException ex)
            {
                throw new ConfigException(key, ex.Message);
            }
        }
        ConfigChecks.InRange("report.seeds", Seeds, 1, 100);
    }

    public bool Equals(ReportConfig? other) =>
        other is not null && Baselines.SequenceEqual(other.Baselines) && Seeds == other.Seeds &&
        Hyperparameters.Count == other.Hyperparameters.Count &&
        Hyperparameters.All(kv => other.Hyperparameters.TryGetValue(kv.Key, out var h) &&
                                  h.Count == kv.Value.Count && kv.Value.All(x => h.TryGetValue(x.Key, out var v) && v.Equals(x.Value)));

    public override int GetHashCode() => HashCode.Combine(Baselines.Count, Hyperparameters.Count, Seeds);
}
