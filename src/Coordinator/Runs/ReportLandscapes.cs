using EvoPo.Coordinator.Config;
using EvoPo.Coordinator.Objectives;
using EvoPo.Coordinator.Search;
using EvoPo.GpuWorker.Objectives;
using EvoPo.Simulation.Policies;

namespace EvoPo.Coordinator.Runs;

/// <summary>
/// The gradient landscapes <c>report.md</c> embeds: the discovered objective (the final ES mean) beside ORPO and DPO
/// (with <c>report.hyperparameters</c> where the config sets theirs), over (ℓ_w − ℓ_l, ℓ_w) for trajectories of the
/// task's episode length and ℓ_max of the start agent, written as PNGs into the run folder.
/// </summary>
public static class ReportLandscapes
{
    /// <returns>Each image's caption and file name (relative to the run folder).</returns>
    public static IReadOnlyList<(string Caption, string File)> Write(SearchRunState state, RunFolder folder)
    {
        var config = state.Plan.Config;
        var start = AgentFile.Read(folder.StartAgentPath);
        var logProbMax = start.LogProbMax;
        var landscape = GradientLandscape.Default(logProbMax, LandscapeAxes.MarginWin, config.Task.EpisodeLength, resolution: 81);
        var objectives = new (string Caption, string File, ObjectiveSpec Spec)[]
        {
            ($"discovered {state.Plan.SearchedObjective} (ES mean)", "landscape-discovered.png",
                new ObjectiveSpec(state.Plan.SearchedObjective, state.Plan.SearchedHyperparameters, state.Es.Mean)),
            ("ORPO", "landscape-orpo.png", Baseline(config, BaselineName.Orpo)),
            ("DPO", "landscape-dpo.png", Baseline(config, BaselineName.Dpo)),
        };
        var written = new List<(string, string)>();
        foreach (var (caption, file, spec) in objectives)
        {
            var (chosen, rejected) = landscape.Evaluate(spec, logProbMax);
            LandscapePlot.WritePng(Path.Combine(folder.Folder, file), caption, landscape, chosen, rejected);
            written.Add((caption, file));
        }
        return written;
    }

    private static ObjectiveSpec Baseline(SearchConfig config, BaselineName name) =>
        config.Report.Baselines.Contains(name) ? config.Report.Objective(name) : ObjectiveSpec.Default(YamlNames.Of(name));
}
