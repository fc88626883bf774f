using System.Globalization;
using System.Text;
using EvoPo.Coordinator.Config;
using EvoPo.Coordinator.Search;

namespace EvoPo.Coordinator.Runs;

/// <summary>
/// <c>report.md</c>: the discovered objective against the baselines, trained and evaluated exactly like the
/// search's candidates (same dataset, start agent, epochs, evaluation episodes), and what the run cost.
/// </summary>
public static class ReportWriter
{
    /// <summary>E.g. "1S-MPO (learned [phi], λ = 0.5)" or "2S-MPO (learned [phi, g], β = 0.1, φ⁻¹ base log)".</summary>
    private static string Describe(ObjectiveConfig objective)
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

    /// <param name="references">Returns of agents that were not trained here (the start agent, the target agent), by label.</param>
    /// <param name="landscapes">Gradient-landscape images in the run folder (caption, file name), shown after the comparison.</param>
    public static string Build(SearchRunState state, IReadOnlyList<(string Label, double Return)> references, DateTime nowUtc,
        IReadOnlyList<(string Caption, string File)>? landscapes = null)
    {
        var config = state.Plan.Config;
        var created = state.Created;
        var md = new StringBuilder();
        md.AppendLine($"# EvoPO search report: run `{created.RunId}`").AppendLine();
        md.AppendLine($"A {Describe(config.Objective)} objective was searched with OpenAI-ES " +
                      $"(population {config.Es.Population}, {config.Es.Generations} generations, σ₀ = {P(config.Es.Sigma0)}) on task " +
                      $"`{YamlNames.Of(config.Task.Name)}` ({config.Task.EpisodeLength} steps), from a {YamlNames.Of(config.Dataset.Variant)} " +
                      $"preference dataset of {config.Dataset.Pairs} pairs (noise {P(config.Dataset.Noise)}, judge temperature {P(config.Dataset.Temperature)}).");
        md.AppendLine();
        md.AppendLine("Fitness is the mean true return of an agent trained from the start agent with the objective " +
                      $"({config.Training.Epochs} epochs, minibatch {config.Training.MinibatchPairs} pairs, lr {P(config.Training.LearningRate)}), " +
                      $"over {config.Evaluation.Episodes} {(config.Evaluation.Deterministic ? "deterministic" : "stochastic")} evaluation episodes " +
                      "shared by every method. Higher is better.");
        md.AppendLine();

        md.AppendLine("## Discovered objective against the baselines").AppendLine();
        md.AppendLine($"Each method trained with {config.Report.Seeds} training seed(s); the same seeds for every method.").AppendLine();
        md.AppendLine("| method | mean return | ± std. error | per seed |");
        md.AppendLine("|---|---:|---:|---|");
        foreach (var group in state.ReportResults().GroupBy(r => r.Entry.Method))
        {
            var values = group.Select(r => r.Fitness).ToArray();
            var finite = values.Where(double.IsFinite).ToArray();
            var mean = finite.Length > 0 ? finite.Average() : double.NaN;
            var se = finite.Length > 1 ? Math.Sqrt(finite.Sum(v => (v - mean) * (v - mean)) / (finite.Length - 1) / finite.Length) : double.NaN;
            md.AppendLine($"| {group.Key} | {F(mean)} | {F(se)} | {string.Join(", ", values.Select(F))} |");
        }
        md.AppendLine();
        if (references.Count > 0)
        {
            md.AppendLine("Reference agents (not trained in this run):").AppendLine();
            foreach (var (label, value) in references) md.AppendLine($"- {label}: {F(value)}");
            md.AppendLine();
        }

        if (landscapes is { Count: > 0 })
        {
            md.AppendLine("## Gradient landscapes").AppendLine();
            md.AppendLine($"∂L/∂ℓ_w and ∂L/∂ℓ_l of each loss over (ℓ_w − ℓ_l, ℓ_w), for trajectories of {config.Task.EpisodeLength} steps " +
                          "(as the seed paper's Figure 5; `evopo objective plot` draws any objective). Blue: training raises that log-prob; " +
                          "red: it lowers it; blank: log-probs the policy cannot produce. Two-step losses use a reference at the middle of the range.");
            md.AppendLine();
            foreach (var (caption, file) in landscapes) md.AppendLine($"![{caption}]({file})").AppendLine();
        }

        md.AppendLine("## Search").AppendLine();
        var history = state.History;
        if (history.Count > 0)
        {
            md.AppendLine($"Population mean fitness went from {F(history[0].MeanFitness)} (generation 0) to {F(history[^1].MeanFitness)} " +
                          $"(generation {history[^1].Generation}); the best single candidate reached {F(state.Es.BestFitness)}.");
            md.AppendLine();
            md.AppendLine("| generation | mean | max | min | σ | failed | wall s |");
            md.AppendLine("|---:|---:|---:|---:|---:|---:|---:|");
            foreach (var g in history)
                md.AppendLine($"| {g.Generation} | {F(g.MeanFitness)} | {F(g.MaxFitness)} | {F(g.MinFitness)} | {g.Sigma:G4} | {g.FailedCandidates} | {F(g.WallSeconds)} |");
            md.AppendLine();
        }
        md.AppendLine($"Final ES mean digest (SHA-256 of the mean's float64 bytes): `{state.Es.MeanDigest()}`.").AppendLine();

        md.AppendLine("## Cost").AppendLine();
        var searchCompute = history.Sum(g => g.ComputeSeconds);
        var reportCompute = state.CompletedUnits.Sum(u => u.TrainSeconds + u.EvalSeconds);
        var agents = history.Count * config.Es.Population + state.ReportEntries.Count;
        md.AppendLine($"- agents trained and evaluated: {agents} ({history.Count} generations × {config.Es.Population} candidates, {state.ReportEntries.Count} for this report)");
        md.AppendLine($"- worker compute: {F(searchCompute)} s for the search, {F(reportCompute)} s for the report");
        md.AppendLine($"- wall time of the generations (in the processes that ran them): {F(history.Sum(g => g.WallSeconds))} s");
        md.AppendLine($"- created {created.CreatedUtc:u}, report written {nowUtc:u}");
        md.AppendLine($"- dataset `{created.DatasetHash}`, start agent `{created.AgentHash}`, seed {created.Seed}");
        return md.ToString();
    }

    private static string F(double value) =>
        double.IsNaN(value) ? "n/a" : value.ToString("0.00", CultureInfo.InvariantCulture);

    /// <summary>A setting from the config, as written (not rounded to two decimals: the inner loop's lr is 0.001).</summary>
    private static string P(double value) => value.ToString("G6", CultureInfo.InvariantCulture);
}
