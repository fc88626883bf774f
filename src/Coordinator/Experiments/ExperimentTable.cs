using System.Globalization;
using System.Text;
using EvoPo.Coordinator.Baselines;
using EvoPo.Coordinator.Runs;
using EvoPo.Coordinator.Statistics;

namespace EvoPo.Coordinator.Experiments;

/// <summary>
/// The experiment's result in the seed paper's Table 2 form (pure): rows are the tuned baselines and each discovered
/// objective, columns the datasets, cells the held-out mean with its 95 % interval; then the chosen hyperparameters
/// and, per searched column, the verdict against the strongest tuned baseline.
/// </summary>
public static class ExperimentTable
{
    public static string Markdown(ExperimentPlan plan, IReadOnlyList<ExperimentCell> cells,
        IReadOnlyDictionary<BaselineColumn, IReadOnlyDictionary<Config.BaselineName, TunedChoice.Point>> tuned,
        IReadOnlyList<(string Label, double Return)> references)
    {
        var config = plan.Config;
        var md = new StringBuilder();
        md.AppendLine($"# Experiment `{plan.Id}`").AppendLine();
        md.AppendLine($"Held-out mean return (95 % interval half-width) over {config.Baselines.Seeds} training seeds, each agent evaluated on " +
                      $"{config.Baselines.HeldOutEpisodes} held-out episodes; seeds and episodes are shared by every method of a column and were " +
                      "used neither by the searches nor by the tuning. Baselines are tuned per column on " +
                      $"{config.Baselines.ValidationSeeds} validation seeds × {config.Baselines.ValidationEpisodes} validation episodes. " +
                      "The best mean of each column is in bold.").AppendLine();
        var rows = cells.Select(c => c.Row).Distinct().ToArray();
        md.AppendLine("| method | " + string.Join(" | ", plan.Columns.Select(c => c.Label)) + " |");
        md.AppendLine("|---|" + string.Concat(plan.Columns.Select(_ => "---:|")));
        var best = plan.Columns.ToDictionary(c => c.Key, c => cells.Where(x => x.ColumnKey == c.Key)
            .Select(x => MeanInterval.Of(x.Values).Mean).Where(double.IsFinite).DefaultIfEmpty(double.NaN).Max());
        foreach (var row in rows)
        {
            md.Append($"| {row} |");
            foreach (var column in plan.Columns)
            {
                var cell = cells.FirstOrDefault(c => c.Row == row && c.ColumnKey == column.Key);
                if (cell is null)
                {
                    md.Append(" — |");
                    continue;
                }
                var i = MeanInterval.Of(cell.Values);
                var text = $"{F(i.Mean)} ± {F(i.HalfWidth)}";
                md.Append(i.Mean.Equals(best[column.Key]) ? $" **{text}** |" : $" {text} |");
            }
            md.AppendLine();
        }
        md.AppendLine();
        if (references.Count > 0)
            md.AppendLine("Reference agents on the same held-out episodes (not trained here): " +
                          string.Join("; ", references.Select(r => $"{r.Label} {F(r.Return)}")) + ".").AppendLine();

        md.AppendLine("## Tuned hyperparameters (chosen on validation)").AppendLine();
        md.AppendLine("| method | " + string.Join(" | ", plan.Columns.Select(c => c.Label)) + " |");
        md.AppendLine("|---|" + string.Concat(plan.Columns.Select(_ => "---|")));
        foreach (var method in plan.Methods)
            md.AppendLine($"| {Config.YamlNames.Of(method)} | " + string.Join(" | ", plan.Columns.Select(c =>
                tuned.TryGetValue(c, out var t) && t.TryGetValue(method, out var p) ? $"{p.Label}: {F(p.ValidationMean)}" : "—")) + " |");
        md.AppendLine();

        md.AppendLine("## Verdicts").AppendLine();
        foreach (var column in plan.SearchColumns)
        {
            var onColumn = cells.Where(c => c.ColumnKey == column.Key).ToArray();
            var verdict = Verdict.Of(ExperimentPlan.DiscoveredLabel(column), onColumn.ToDictionary(c => c.Row, c => c.Values),
                onColumn.Where(c => c.IsBaseline).Select(c => c.Row).ToHashSet());
            md.AppendLine($"- **{column.Label}** (the search's own setting): " +
                          (verdict is null ? "no verdict (the discovered objective or every baseline is missing or diverged)." : ReportVerdict.Sentence(verdict, config.Baselines.Seeds)));
        }
        md.AppendLine();
        return md.ToString();
    }

    /// <summary>Every value: column, method, seed index, return.</summary>
    public static string Csv(IReadOnlyList<ExperimentCell> cells)
    {
        var csv = new StringBuilder("column,method,baseline,seed,return\n");
        foreach (var cell in cells)
            for (var s = 0; s < cell.Values.Length; s++)
                csv.Append(CultureInfo.InvariantCulture, $"{cell.ColumnKey},\"{cell.Row}\",{(cell.IsBaseline ? 1 : 0)},{s},{cell.Values[s]:R}\n");
        return csv.ToString();
    }

    private static string F(double value) =>
        double.IsNaN(value) ? "n/a" : value.ToString("0.00", CultureInfo.InvariantCulture);
}
