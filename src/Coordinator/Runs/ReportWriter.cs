using System.Globalization;
using System.Text;
using EvoPo.Coordinator.Config;
using EvoPo.Coordinator.Es;
using EvoPo.Coordinator.Search;
using EvoPo.Coordinator.Statistics;

namespace EvoPo.Coordinator.Runs;

/// <summary>
/// <c>report.md</c>: the discovered objective against the baselines, trained and evaluated exactly like the
/// search's candidates (same dataset, start agent, epochs, evaluation episodes), and what the run cost.
/// </summary>
public static class ReportWriter
{
    /// <summary>E.g. "1S-MPO (learned [phi], λ = 0.5)" or "2S-MPO (learned [phi, g], β = 0.1, φ⁻¹ base log)".</summary>
    public static string Describe(ObjectiveConfig objective)
    {
        var oneStep = objective.Class == ObjectiveClass.OneStep;
        var parts = new List<string> { $"learned [{string.Join(", ", objective.Learn.Select(YamlNames.Of))}]" };
        parts.Add(oneStep ? $"λ = {F(objective.Lambda)}" : $"β = {F(objective.Beta)}");
        if (objective.PhiBase != PhiBase.Auto) parts.Add($"φ⁻¹ base {YamlNames.Of(objective.PhiBase)}");
        if (objective.PsiBase != PsiBase.Log) parts.Add($"ψ base {YamlNames.Of(objective.PsiBase)}");
        if (objective.SftWeight is { } weight) parts.Add($"SFT weight {F(weight)}");
        if (objective.Start != ObjectiveConfig.ZeroStart) parts.Add($"started from {objective.Start}");
        return $"{(oneStep ? "1S" : "2S")}-MPO ({string.Join(", ", parts)})";
    }

    /// <summary>Mean return, its standard error and the per-seed values of one method trained for the report.</summary>
    public sealed record MethodResult(string Method, double Mean, double StdError, double[] Values);

    /// <summary>The report agents trained so far, grouped by method in the order the plan lists them.</summary>
    public static IReadOnlyList<MethodResult> Methods(SearchRunState state) =>
        state.ReportResults().GroupBy(r => r.Entry.Method).Select(group =>
        {
            var values = group.Select(r => r.Fitness).ToArray();
            var finite = values.Where(double.IsFinite).ToArray();
            var mean = finite.Length > 0 ? finite.Average() : double.NaN;
            var se = finite.Length > 1 ? Math.Sqrt(finite.Sum(v => (v - mean) * (v - mean)) / (finite.Length - 1) / finite.Length) : double.NaN;
            return new MethodResult(group.Key, mean, se, values);
        }).ToArray();

    /// <summary>The command that writes the run's discovered loss (its ES mean) as a PyTorch file, for the report and <c>evopo report</c>.</summary>
    public static string ExportCommand(string bestJsonPath) =>
        $"evopo objective export --best {bestJsonPath} --out discovered_loss.py";

    /// <param name="references">Returns of agents that were not trained here (the start agent, the target agent), by label.</param>
    /// <param name="images">The run folder's images of this report (see <see cref="RunReport"/>).</param>
    /// <param name="bestJsonPath">The run's best.json as the reader would type it (the report's export command names it).</param>
    public static string Build(SearchRunState state, IReadOnlyList<(string Label, double Return)> references, DateTime nowUtc, ReportImages images,
        string bestJsonPath = "best.json")
    {
        var config = state.Plan.Config;
        var created = state.Created;
        var history = state.History;
        var methods = Methods(state);
        var md = new StringBuilder();
        md.AppendLine($"# EvoPO search report: run `{created.RunId}`").AppendLine();
        if (Missing(state, methods) is { } missing)
            md.AppendLine($"> **Unfinished report.** {missing}").AppendLine();

        md.AppendLine("## Summary").AppendLine();
        md.AppendLine($"**What was searched.** A {Describe(config.Objective)} objective was searched with {StrategyTitle(config.Es.Strategy)} " +
                      $"(`es.strategy: {StrategyNames.Of(config.Es.Strategy)}`; population {config.Es.Population}, {config.Es.Generations} generations, σ₀ = {P(config.Es.Sigma0)}) on task " +
                      $"`{YamlNames.Of(config.Task.Name)}` ({config.Task.EpisodeLength} steps), from a {YamlNames.Of(config.Dataset.Variant)} " +
                      $"preference dataset of {config.Dataset.Pairs} pairs (noise {P(config.Dataset.Noise)}, judge temperature {P(config.Dataset.Temperature)}). " +
                      "Each candidate objective is a loss over the log-probabilities of the chosen and the rejected trajectory of a pair; " +
                      "ES looks for the loss whose trained agent does best on the task's true reward.");
        md.AppendLine();
        md.AppendLine("**Fitness** is the mean true return of an agent trained from the start agent with the objective " +
                      $"({config.Training.Epochs} epochs, minibatch {config.Training.MinibatchPairs} pairs, lr {P(config.Training.LearningRate)}), " +
                      $"over {config.Evaluation.Episodes} {(config.Evaluation.Deterministic ? "deterministic" : "stochastic")} evaluation episodes " +
                      "shared by every method. Higher is better.");
        md.AppendLine();
        md.Append("**Search.** ");
        md.AppendLine(history.Count == 0
            ? "No generation is complete yet."
            : $"{history.Count} of {config.Es.Generations} generations done. Population mean fitness went from {F(history[0].MeanFitness)} " +
              $"(generation {history[0].Generation}) to {F(history[^1].MeanFitness)} (generation {history[^1].Generation}); " +
              $"the best single candidate reached {F(state.Es.BestFitness)}.");
        md.AppendLine();
        md.Append("**Result.** ");
        md.AppendLine(Comparison(methods, config.Report.Seeds, ReportVerdict.BaselineMethods(state)));
        md.AppendLine();
        md.AppendLine($"**Take it elsewhere.** `{ExportCommand(bestJsonPath)}` writes the discovered loss (the ES mean; `--use best` for " +
                      "the best candidate) as one PyTorch file with its learned parameters: a function of the summed log-probs and lengths " +
                      "that TRL's preference trainers compute, with a TRL trainer subclass in its docstring (docs/objectives.md, " +
                      "\"Export to PyTorch and TRL\").");
        md.AppendLine();
        md.AppendLine("**The plots.** The fitness curve shows whether the search improved the population (the mean line rising, the band " +
                      "moving up) and where the report's methods land (dashed lines). The gradient landscapes show how each loss pushes the " +
                      "chosen and the rejected log-probability: a discovered loss that differs from ORPO's and DPO's shapes learned something " +
                      "of its own. The time chart shows where the compute went (training vs evaluating candidates) against the wall time.");
        md.AppendLine();

        md.AppendLine("## Discovered objective against the baselines").AppendLine();
        if (methods.Count == 0)
        {
            md.AppendLine("No report agent is trained yet: the comparison appears once the search's generations are done and the report phase ran.").AppendLine();
        }
        else
        {
            md.AppendLine($"Each method trained with {config.Report.Seeds} training seed(s); the same seeds for every method.").AppendLine();
            md.AppendLine("| method | mean return | ± std. error | per seed |");
            md.AppendLine("|---|---:|---:|---|");
            foreach (var m in methods)
                md.AppendLine($"| {m.Method} | {F(m.Mean)} | {F(m.StdError)} | {string.Join(", ", m.Values.Select(F))} |");
            md.AppendLine();
        }
        if (ReportVerdict.Section(state, methods) is { } verdict) md.Append(verdict);
        if (references.Count > 0)
        {
            md.AppendLine("Reference agents (not trained in this run):").AppendLine();
            foreach (var (label, value) in references) md.AppendLine($"- {label}: {F(value)}");
            md.AppendLine();
        }

        if (images.FitnessCurve is { } fitnessCurve)
        {
            md.AppendLine("## Fitness curve").AppendLine();
            md.AppendLine("Per generation: the population mean (line) and the range from the worst to the best candidate (band); " +
                          "dashed: the mean return of each method trained for the report.").AppendLine();
            md.AppendLine($"![fitness per generation]({fitnessCurve})").AppendLine();
        }

        if (images.Landscapes.Count > 0)
        {
            md.AppendLine("## Gradient landscapes").AppendLine();
            md.AppendLine($"∂L/∂ℓ_w and ∂L/∂ℓ_l of each loss over (ℓ_w − ℓ_l, ℓ_w), for trajectories of {config.Task.EpisodeLength} steps " +
                          "(as the seed paper's Figure 5; `evopo objective plot` draws any objective). Blue: training raises that log-prob; " +
                          "red: it lowers it; blank: log-probs the policy cannot produce. Two-step losses use a reference at the middle of the range.");
            md.AppendLine();
            foreach (var (caption, file) in images.Landscapes) md.AppendLine($"![{caption}]({file})").AppendLine();
        }

        md.AppendLine("## Search").AppendLine();
        if (history.Count > 0)
        {
            md.AppendLine("| generation | mean | max | min | σ | failed | wall s |");
            md.AppendLine("|---:|---:|---:|---:|---:|---:|---:|");
            foreach (var g in history)
                md.AppendLine($"| {g.Generation} | {F(g.MeanFitness)} | {F(g.MaxFitness)} | {F(g.MinFitness)} | {g.Sigma:G4} | {g.FailedCandidates} | {F(g.WallSeconds)} |");
            md.AppendLine();
        }
        md.AppendLine($"Final ES mean digest (SHA-256 of the mean's float64 bytes): `{state.Es.MeanDigest()}`.").AppendLine();

        md.AppendLine("## Cost").AppendLine();
        if (images.TimeBreakdown is { } timeBreakdown)
        {
            md.AppendLine("Per generation: worker seconds spent training and evaluating the candidates (stacked bars, summed over work units, " +
                          "so with n worker slots busy they reach about n × the wall time) and the generation's wall time (line). " +
                          "Wall time above the bars on one slot is overhead: dispatch, journaling, waiting for a slow unit.").AppendLine();
            md.AppendLine($"![time per generation]({timeBreakdown})").AppendLine();
        }
        var searchCompute = history.Sum(g => g.ComputeSeconds);
        var reportCompute = state.Phase is RunPhase.Reporting or RunPhase.Finished ? state.CompletedUnits.Sum(u => u.TrainSeconds + u.EvalSeconds) : 0;
        var seeds = config.Training.SeedsPerCandidate;
        var agents = history.Count * config.Es.Population * seeds + methods.Sum(m => m.Values.Length);
        var perCandidate = seeds == 1 ? "" : $" × {seeds} training seeds";
        md.AppendLine($"- agents trained and evaluated: {agents} ({history.Count} generations × {config.Es.Population} candidates{perCandidate}, {methods.Sum(m => m.Values.Length)} for this report)");
        md.AppendLine($"- worker compute: {F(searchCompute)} s for the search, {F(reportCompute)} s for the report");
        md.AppendLine($"- wall time of the generations (in the processes that ran them): {F(history.Sum(g => g.WallSeconds))} s");
        md.AppendLine($"- created {created.CreatedUtc:u}, report written {nowUtc:u}");
        md.AppendLine($"- dataset `{created.DatasetHash}`, start agent `{created.AgentHash}`, seed {created.Seed}");
        return md.ToString();
    }

    /// <summary>What an unfinished run's report lacks and how to complete it; null when the run is finished.</summary>
    public static string? Missing(SearchRunState state, IReadOnlyList<MethodResult> methods)
    {
        var id = state.Created.RunId;
        var resume = $"Continue the run with `evopo resume {id}` (unless a process is running it), then regenerate this file with `evopo report {id}`.";
        var planned = state.Plan.Config.Report.Baselines.Count + 3;
        return state.Phase switch
        {
            RunPhase.Finished => null,
            // The search writes its report once every report agent is trained, just before it marks the run finished.
            RunPhase.Reporting when state.IsPhaseComplete => null,
            RunPhase.Cancelled => $"The run was cancelled: {state.Cancellation?.Reason}. What it completed is shown; the results it did not reach are missing.",
            RunPhase.Failed => $"The run failed: {state.Failure?.Reason}. What it completed is shown; the report-phase results it did not reach are missing.",
            RunPhase.Searching =>
                $"The search has done {state.History.Count} of {state.Plan.Generations} generations " +
                $"({state.CompletedUnits.Count} of {state.UnitCount} work units of the next one). Missing: the remaining generations and " +
                "the report phase, which trains the discovered objective, the search start and the baselines for the comparison, " +
                $"so there are no comparison numbers yet; the landscape shows the ES mean as it stands now. {resume}",
            _ =>
                $"The search's generations are done, but only {state.CompletedUnits.Count} of {state.UnitCount} report work units are; " +
                $"methods with results so far: {methods.Count} (of up to {planned}); the others are missing from the comparison. {resume}",
        };
    }

    /// <summary>The comparison in one paragraph: the discovered objective's numbers against the search start and each baseline.</summary>
    private static string Comparison(IReadOnlyList<MethodResult> methods, int seeds, IReadOnlySet<string> baselineMethods)
    {
        var discovered = methods.FirstOrDefault(m => m.Method == SearchPlan.DiscoveredMean);
        if (discovered is null || !double.IsFinite(discovered.Mean))
            return "Not available yet: the discovered objective and the baselines are trained for the comparison after the last generation.";
        var text = new StringBuilder();
        text.Append($"The discovered objective (the final ES mean) trains agents with a mean return of {F(discovered.Mean)}");
        text.Append(double.IsFinite(discovered.StdError) ? $" ± {F(discovered.StdError)} (std. error over {seeds} seeds)" : $" ({seeds} seed)");
        var others = methods.Where(m => m.Method != SearchPlan.DiscoveredMean && double.IsFinite(m.Mean)).ToArray();
        if (others.Length > 0)
            text.Append("; for comparison: " + string.Join(", ", others.Select(m =>
                $"{m.Method} {F(m.Mean)} ({(discovered.Mean - m.Mean >= 0 ? "+" : "−")}{F(Math.Abs(discovered.Mean - m.Mean))} for the discovered objective)")));
        text.Append('.');
        var baselines = others.Where(m => baselineMethods.Contains(m.Method)).ToArray();
        if (baselines.Length > 0) text.Append(' ').Append(AgainstStrongestBaseline(discovered, baselines));
        return text.ToString();
    }

    /// <summary>
    /// Beats, ties or loses by the paired interval of <see cref="Verdict"/> (the verdict section's rule), so the summary
    /// never reads as a win where the verdict reads as a tie; one seed gives no interval, only the means.
    /// </summary>
    public static string AgainstStrongestBaseline(MethodResult discovered, IReadOnlyList<MethodResult> baselines)
    {
        var verdict = Verdict.Of(SearchPlan.DiscoveredMean, baselines.Append(discovered).ToDictionary(m => m.Method, m => m.Values),
            baselines.Select(m => m.Method).ToHashSet());
        if (verdict is null || !double.IsFinite(verdict.Difference.Low))
        {
            var strongest = baselines.MaxBy(m => m.Mean)!;
            return discovered.Mean > strongest.Mean
                ? $"Its mean is above every baseline's; the strongest, {strongest.Method}, by {F(discovered.Mean - strongest.Mean)} (no interval from one seed)."
                : $"Its mean is not above the strongest baseline's, {strongest.Method} ({F(strongest.Mean)}; no interval from one seed).";
        }
        var difference = $"{F(verdict.Difference.Mean)}, paired 95 % interval {ReportVerdict.Range(verdict.Difference)}";
        return verdict.Beats
            ? $"It beats every baseline: the strongest, {verdict.BestBaseline}, by {difference}."
            : verdict.Difference.High < 0
                ? $"It does not beat the strongest baseline, {verdict.BestBaseline}: the difference is {difference}, below zero."
                : $"Against the strongest baseline, {verdict.BestBaseline}, the difference is {difference}, which includes zero: treat it as a tie.";
    }

    private static string F(double value) =>
        double.IsNaN(value) ? "n/a" : value.ToString("0.00", CultureInfo.InvariantCulture);

    /// <summary>A setting from the config, as written (not rounded to two decimals: the inner loop's lr is 0.001).</summary>
    private static string P(double value) => value.ToString("G6", CultureInfo.InvariantCulture);

    private static string StrategyTitle(StrategyKind strategy) => strategy switch
    {
        StrategyKind.OpenAiEs => "OpenAI-ES",
        StrategyKind.Pgpe => "PGPE",
        StrategyKind.Snes => "SNES",
        StrategyKind.SepCmaEs => "sep-CMA-ES",
        _ => "CMA-ES",
    };
}
