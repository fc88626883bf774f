using System.Globalization;
using System.Text;
using EvoPo.Coordinator.Config;

namespace EvoPo.Coordinator.Baselines;

/// <summary>The baselines table as Markdown (mean ± standard error per method × variant, like math.md §6) and as CSV.</summary>
public static class BaselinesTable
{
    public static string Markdown(BaselinesOutcome outcome)
    {
        var config = outcome.Config;
        var md = new StringBuilder();
        md.AppendLine($"Mean true return ± standard error over {config.Baselines.Seeds} training seed(s) on `{YamlNames.Of(config.Task.Name)}` " +
                      $"({config.Task.EpisodeLength} steps), {config.Dataset.Pairs} pairs per dataset, {config.Training.Epochs} epochs " +
                      $"({config.Training.SftEpochs} SFT for two-step methods), minibatch {config.Training.MinibatchPairs}, " +
                      $"{config.Evaluation.Episodes} {(config.Evaluation.Deterministic ? "deterministic" : "stochastic")} evaluation episodes. Higher is better; " +
                      "the best mean of each column is in bold.");
        md.AppendLine();
        md.AppendLine("| method | " + string.Join(" | ", outcome.Columns.Select(c => c.Label)) + " |");
        md.AppendLine("|---|" + string.Concat(outcome.Columns.Select(_ => "---:|")));
        var best = outcome.Columns.ToDictionary(c => c, c => outcome.Results.Where(r => r.Column == c).Select(r => r.Mean).Where(double.IsFinite).DefaultIfEmpty(double.NaN).Max());
        foreach (var method in outcome.Methods)
        {
            var cells = outcome.Columns.Select(c =>
            {
                var r = outcome.Result(method, c);
                var text = $"{F(r.Mean)} ± {F(r.StandardError)}{(r.Failed > 0 ? $" ({r.Failed} failed)" : "")}";
                return r.Mean == best[c] ? $"**{text}**" : text;
            });
            md.AppendLine($"| {method} | {string.Join(" | ", cells)} |");
        }
        md.AppendLine();
        if (outcome.References.Count > 0)
            md.AppendLine("Reference agents (not trained here): " + string.Join("; ", outcome.References.Select(r => $"{r.Label} {F(r.Return)}")) + ".");
        return md.ToString();
    }

    /// <summary>One row per method × variant: <c>method,variant,noise,mean,stderr,seeds,failed,per_seed</c> (per-seed values separated by ';').</summary>
    public static string Csv(BaselinesOutcome outcome)
    {
        var csv = new StringBuilder("method,variant,noise,mean,stderr,seeds,failed,per_seed\n");
        foreach (var method in outcome.Methods)
            foreach (var column in outcome.Columns)
            {
                var r = outcome.Result(method, column);
                csv.Append(CultureInfo.InvariantCulture,
                    $"{method},{YamlNames.Of(column.Variant)},{column.Noise},{R(r.Mean)},{R(r.StandardError)},{r.PerSeed.Count},{r.Failed},{string.Join(';', r.PerSeed.Select(R))}\n");
            }
        return csv.ToString();
    }

    /// <summary>The table for scripts: one row per method × variant (NaN as null), the reference agents and the wall time.</summary>
    public static string Json(BaselinesOutcome outcome)
    {
        static double? N(double value) => double.IsFinite(value) ? value : null;
        return System.Text.Json.JsonSerializer.Serialize(new
        {
            rows = outcome.Methods.SelectMany(method => outcome.Columns.Select(column =>
            {
                var r = outcome.Result(method, column);
                return new
                {
                    method, variant = YamlNames.Of(column.Variant), noise = column.Noise, mean = N(r.Mean), stdError = N(r.StandardError),
                    failed = r.Failed, perSeed = r.PerSeed.Select(N).ToArray(),
                };
            })).ToArray(),
            references = outcome.References.Select(x => new { label = x.Label, meanReturn = N(x.Return) }).ToArray(),
            wallSeconds = outcome.WallSeconds,
        });
    }

    private static string R(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static string F(double value) => double.IsNaN(value) ? "n/a" : value.ToString("0.00", CultureInfo.InvariantCulture);
}
