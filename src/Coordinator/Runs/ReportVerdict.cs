using System.Globalization;
using System.Text;
using EvoPo.Coordinator.Config;
using EvoPo.Coordinator.Search;
using EvoPo.Coordinator.Statistics;

namespace EvoPo.Coordinator.Runs;

/// <summary>
/// The report's verdict section: each method's mean with its 95 % interval and the discovered objective's paired
/// difference to the strongest baseline, saying on which seeds and episodes it was measured (held out from the search
/// or not).
/// </summary>
public static class ReportVerdict
{
    public static string? Section(SearchRunState state, IReadOnlyList<ReportWriter.MethodResult> methods)
    {
        var config = state.Plan.Config;
        if (methods.Count == 0) return null;
        var baselines = BaselineMethods(state);
        var byMethod = methods.ToDictionary(m => m.Method, m => m.Values);
        var md = new StringBuilder();
        md.AppendLine("## Verdict").AppendLine();
        md.AppendLine(Protocol(state)).AppendLine();
        md.AppendLine("| method | mean return | 95 % interval |");
        md.AppendLine("|---|---:|---:|");
        foreach (var m in methods)
        {
            var interval = MeanInterval.Of(m.Values);
            md.AppendLine($"| {m.Method} | {F(interval.Mean)} | {Range(interval)} |");
        }
        md.AppendLine();
        var verdict = Verdict.Of(SearchPlan.DiscoveredMean, byMethod, baselines);
        if (verdict is null)
        {
            if (state.Plan.Generations > 0)
                md.AppendLine("No verdict: the discovered objective or every baseline is missing or diverged.").AppendLine();
            return md.ToString();
        }
        md.AppendLine(Sentence(verdict, config.Report.Seeds)).AppendLine();
        return md.ToString();
    }

    /// <summary>The report's hand-designed methods (not the discovered objective, the search start or a <c>report.extra</c> vector).</summary>
    public static IReadOnlySet<string> BaselineMethods(SearchRunState state) =>
        state.ReportEntries.Where(e => e.Objective.Parameters is null).Select(e => e.Method).ToHashSet();

    /// <summary>One sentence: who wins, by how much, and whether the 95 % interval of the paired difference excludes zero.</summary>
    public static string Sentence(Verdict v, int seeds) =>
        $"Discovered objective − strongest baseline ({v.BestBaseline}), paired by training seed over {seeds} seeds: " +
        $"{F(v.Difference.Mean)}, 95 % interval {Range(v.Difference)}. " +
        (v.Beats
            ? "The interval lies above zero: the discovered objective beats every baseline here."
            : v.Difference.High < 0
                ? "The interval lies below zero: the strongest baseline beats the discovered objective here."
                : "The interval includes zero: no difference shown.");

    private static string Protocol(SearchRunState state)
    {
        var config = state.Plan.Config;
        var plan = state.Plan.ReportTraining;
        return config.Report.Split switch
        {
            ReportSplit.HeldOut =>
                $"Held out: {config.Report.Seeds} training seeds and {plan.EvaluationEpisodes} evaluation episodes drawn from streams of the run " +
                "seed that the search never used (it trained on its own generation seeds and evaluated on `evaluation.seed`).",
            ReportSplit.Validation =>
                $"Validation split: {config.Report.Seeds} training seeds and {plan.EvaluationEpisodes} evaluation episodes of their own " +
                "(used to choose hyperparameters; a verdict needs the held-out split).",
            _ =>
                $"Not held out: {config.Report.Seeds} training seeds, evaluated on the search's own {plan.EvaluationEpisodes} evaluation " +
                "episodes, which the search optimized for. Set `report.split: held-out` for a verdict on fresh seeds and episodes.",
        };
    }

    internal static string Range(MeanInterval i) =>
        double.IsFinite(i.HalfWidth) ? $"[{F(i.Low)}, {F(i.High)}]" : "n/a";

    private static string F(double value) =>
        double.IsNaN(value) ? "n/a" : value.ToString("0.00", CultureInfo.InvariantCulture);
}
