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

    /// <summary>Seeds and evaluation episodes of the report's agents (<see cref="ReportSplit"/>).</summary>
    public ReportSplit Split { get; init; } = ReportSplit.Search;

    /// <summary>Evaluation episodes per report agent for the validation and held-out splits (auto: evaluation.episodes).</summary>
    public int? Episodes { get; init; }

    /// <summary>
    /// Per listed baseline, values to sweep per hyperparameter, e.g. <c>{ dpo: { beta: [0.01, 0.1, 1] } }</c>: the
    /// baseline trains once per point of the grid's product (over its <c>hyperparameters</c>), each point its own method.
    /// </summary>
    public IReadOnlyDictionary<BaselineName, IReadOnlyDictionary<string, IReadOnlyList<double>>> Grid { get; init; } =
        new Dictionary<BaselineName, IReadOnlyDictionary<string, IReadOnlyList<double>>>();

    /// <summary>Further vectors of the searched objective to train, by label (objectives discovered by other runs).</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<double>> Extra { get; init; } = new Dictionary<string, IReadOnlyList<double>>();

    /// <summary>The objective a baseline trains with: its catalog name and the hyperparameters given here (the rest default).</summary>
    public ObjectiveSpec Objective(BaselineName baseline) => new(
        YamlNames.Of(baseline),
        Hyperparameters.TryGetValue(baseline, out var h) ? h : new Dictionary<string, double>());

    /// <summary>Every objective a baseline trains with: one without a grid, one per grid point with one (in grid order).</summary>
    public IReadOnlyList<ObjectiveSpec> Objectives(BaselineName baseline) =>
        HyperparameterGrid.Expand(Objective(baseline), Grid.TryGetValue(baseline, out var grid) ? grid : null);

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
        foreach (var (baseline, grid) in Grid)
        {
            var key = $"report.grid.{YamlNames.Of(baseline)}";
            if (!Baselines.Contains(baseline))
                throw new ConfigException(key, $"is not in report.baselines [{string.Join(", ", Baselines.Select(YamlNames.Of))}]; list it there or remove its grid");
            HyperparameterGrid.Validate(key, Objective(baseline), grid);
        }
        foreach (var (label, vector) in Extra)
        {
            if (string.IsNullOrWhiteSpace(label)) throw new ConfigException("report.extra", "labels must not be blank");
            if (vector.Any(v => !double.IsFinite(v))) throw new ConfigException($"report.extra.{label}", "holds a value that is not a finite number");
        }
        ConfigChecks.InRange("report.seeds", Seeds, 1, 100);
        if (Episodes is { } episodes) ConfigChecks.InRange("report.episodes", episodes, 1, 100_000);
    }

    public bool Equals(ReportConfig? other) =>
        other is not null && Baselines.SequenceEqual(other.Baselines) && Seeds == other.Seeds &&
        Split == other.Split && Episodes == other.Episodes &&
        Hyperparameters.Count == other.Hyperparameters.Count &&
        Hyperparameters.All(kv => other.Hyperparameters.TryGetValue(kv.Key, out var h) &&
                                  h.Count == kv.Value.Count && kv.Value.All(x => h.TryGetValue(x.Key, out var v) && v.Equals(x.Value))) &&
        Grid.Count == other.Grid.Count &&
        Grid.All(kv => other.Grid.TryGetValue(kv.Key, out var g) && g.Count == kv.Value.Count &&
                       kv.Value.All(x => g.TryGetValue(x.Key, out var values) && values.SequenceEqual(x.Value))) &&
        Extra.Count == other.Extra.Count &&
        Extra.All(kv => other.Extra.TryGetValue(kv.Key, out var v) && v.SequenceEqual(kv.Value));

    public override int GetHashCode() => HashCode.Combine(Baselines.Count, Hyperparameters.Count, Seeds, Split, Grid.Count, Extra.Count);
}
