using EvoPo.Coordinator.Baselines;
using EvoPo.Coordinator.Config;

namespace EvoPo.Coordinator.Experiments;

/// <summary>
/// The runs of an experiment (pure): per column of <c>baselines</c>, a validation sweep of every method's grid; per
/// column of <c>experiment.searches</c>, a search whose report trains the tuned baselines on held-out seeds and
/// episodes; and per column, a held-out run for what no search report covered there (the tuned baselines of columns
/// without a search, and objectives discovered on other columns). Every run is an ordinary journaled run, so the
/// experiment resumes wherever it was stopped.
/// </summary>
public sealed class ExperimentPlan(string id, SearchConfig config)
{
    public string Id => id;

    public SearchConfig Config => config;

    public IReadOnlyList<BaselineColumn> Columns { get; } = BaselineColumn.Of(config.Baselines);

    public IReadOnlyList<BaselineColumn> SearchColumns =>
        config.Experiment.Searches.Select(key => Columns.First(c => c.Key == key)).ToArray();

    public IReadOnlyList<BaselineName> Methods => config.Baselines.Methods;

    public string SweepRunId(BaselineColumn column) => $"{id}-sweep-{RunIdPart(column)}";

    public string SearchRunId(BaselineColumn column) => $"{id}-search-{RunIdPart(column)}";

    public string HeldOutRunId(BaselineColumn column) => $"{id}-heldout-{RunIdPart(column)}";

    /// <summary>Run ids allow letters, digits, - and _ only: noisy-0.3 becomes noisy-0p3.</summary>
    private static string RunIdPart(BaselineColumn column) => column.Key.Replace(".", "p", StringComparison.Ordinal);

    public static string DiscoveredLabel(BaselineColumn searchedOn) => $"discovered (searched on {searchedOn.Key})";

    public static string SearchStartLabel(BaselineColumn searchedOn) => $"search start (run on {searchedOn.Key})";

    /// <summary>The experiment's config on one column's dataset.</summary>
    public SearchConfig OnColumn(BaselineColumn column) => config with
    {
        Dataset = config.Dataset with { Variant = column.Variant, Noise = column.Noise },
    };

    /// <summary>Every point of every method's grid, on validation seeds and episodes; no search.</summary>
    public SearchConfig Sweep(BaselineColumn column) => OnColumn(column) with
    {
        Es = config.Es with { Generations = 0 },
        Report = new ReportConfig
        {
            Baselines = Methods,
            Grid = config.Baselines.Grid,
            Split = ReportSplit.Validation,
            Seeds = config.Baselines.ValidationSeeds,
            Episodes = config.Baselines.ValidationEpisodes,
        },
    };

    /// <summary>The search on a column; its report is the held-out comparison with every tuned baseline.</summary>
    public SearchConfig Search(BaselineColumn column, IReadOnlyDictionary<BaselineName, IReadOnlyDictionary<string, double>> tuned) =>
        OnColumn(column) with { Report = HeldOutReport(Methods, tuned, new Dictionary<string, IReadOnlyList<double>>()) };

    /// <summary>
    /// What the column's held-out table still needs after the searches: the tuned baselines (unless a search on this
    /// column trained them) and every objective discovered on another column; null when nothing is missing.
    /// </summary>
    public SearchConfig? HeldOut(BaselineColumn column, IReadOnlyDictionary<BaselineName, IReadOnlyDictionary<string, double>> tuned,
        IReadOnlyDictionary<BaselineColumn, double[]> discovered)
    {
        var baselines = SearchColumns.Contains(column) ? [] : Methods;
        var extra = discovered.Where(d => d.Key != column)
            .ToDictionary(d => DiscoveredLabel(d.Key), d => (IReadOnlyList<double>)d.Value);
        if (baselines.Count == 0 && extra.Count == 0) return null;
        return OnColumn(column) with
        {
            Es = config.Es with { Generations = 0 },
            Report = HeldOutReport(baselines, baselines.Count == 0 ? new Dictionary<BaselineName, IReadOnlyDictionary<string, double>>() : tuned, extra),
        };
    }

    private ReportConfig HeldOutReport(IReadOnlyList<BaselineName> baselines,
        IReadOnlyDictionary<BaselineName, IReadOnlyDictionary<string, double>> tuned, IReadOnlyDictionary<string, IReadOnlyList<double>> extra) => new()
    {
        Baselines = baselines,
        Hyperparameters = tuned.Where(t => baselines.Contains(t.Key) && t.Value.Count > 0).ToDictionary(t => t.Key, t => t.Value),
        Extra = extra,
        Split = ReportSplit.HeldOut,
        Seeds = config.Baselines.Seeds,
        Episodes = config.Baselines.HeldOutEpisodes,
    };
}
