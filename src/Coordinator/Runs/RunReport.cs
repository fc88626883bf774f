using EvoPo.Coordinator.Search;
using EvoPo.Simulation.Evaluation;
using EvoPo.Simulation.Policies;
using EvoPo.Simulation.Tasks;

namespace EvoPo.Coordinator.Runs;

/// <summary>
/// The one report writer: <c>report.md</c> of a run and its PNG plots (fitness curve, gradient landscapes, time per
/// generation), for a run in any phase. The search calls it when its report agents are trained; <c>evopo report</c>
/// calls it on a state replayed from the journal. Every file is written atomically, so a reader never sees half of one.
/// </summary>
public static class RunReport
{
    public const string FitnessCurveFile = "fitness.png";
    public const string TimeBreakdownFile = "time.png";

    /// <param name="log">Where a plot that could not be drawn is reported (the report is written without it).</param>
    /// <returns>The images the report embeds.</returns>
    public static ReportImages Write(SearchRunState state, RunFolder folder, DateTime nowUtc, TextWriter log)
    {
        var methods = ReportWriter.Methods(state);
        var fitness = Draw<string>(log, "the fitness curve", state.History.Count == 0 ? null : () =>
        {
            AtomicFile.WriteAllBytes(Path.Combine(folder.Folder, FitnessCurveFile),
                ReportPlots.FitnessCurve(state.History, methods.Select(m => (m.Method, m.Mean)).ToArray()));
            return FitnessCurveFile;
        });
        var time = Draw<string>(log, "the time per generation", state.History.Count == 0 ? null : () =>
        {
            AtomicFile.WriteAllBytes(Path.Combine(folder.Folder, TimeBreakdownFile), ReportPlots.TimeBreakdown(state.History, state.Timings));
            return TimeBreakdownFile;
        });
        var landscapes = Draw(log, "the gradient landscapes", () => ReportLandscapes.Write(state, folder)) ?? [];
        var images = new ReportImages(fitness, time, landscapes);
        AtomicFile.WriteAllText(folder.ReportPath, ReportWriter.Build(state, References(state, folder), nowUtc, images, TypedPath(folder.BestPath)));
        return images;
    }

    /// <summary>A run file's path as a user would type it: relative to the working directory when under it, else absolute.</summary>
    public static string TypedPath(string path)
    {
        var relative = Path.GetRelativePath(Environment.CurrentDirectory, path);
        return relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative) ? path : relative;
    }

    private static T? Draw<T>(TextWriter log, string what, Func<T>? draw) where T : class
    {
        if (draw is null) return null;
        try
        {
            return draw();
        }
        catch (Exception e)
        {
            // Whatever went wrong drawing (files, fonts, native libraries): a missing picture must not cost the run its report.
            log.WriteLine($"  could not draw {what}: {e.Message}");
            return null;
        }
    }

    /// <summary>The untrained start agent and the target agent, evaluated exactly like the report's agents (its split's episodes).</summary>
    private static IReadOnlyList<(string, double)> References(SearchRunState state, RunFolder folder) => References(state.Plan.ReportTraining, folder);

    /// <summary>The run folder's start and target agents on the plan's evaluation episodes.</summary>
    public static IReadOnlyList<(string Label, double Return)> References(Messages.Work.TrainingPlan plan, RunFolder folder)
    {
        var task = BuiltInTasks.Get(plan.EvaluationTask, plan.EpisodeLength);
        var evaluator = new PolicyEvaluator(task, plan.EvaluationEpisodes, plan.EvaluationSeed, plan.DeterministicEvaluation);
        var references = new List<(string, double)>();
        foreach (var (label, path) in new[] { ("start agent, untrained", folder.StartAgentPath), ("target agent (trained on the target task directly)", folder.TargetAgentPath) })
            if (File.Exists(path))
                references.Add((label, evaluator.Evaluate([AgentFile.Read(path)]).MeanReturns[0]));
        return references;
    }
}
