using EvoPo.Coordinator.Cli;
using EvoPo.Coordinator.Objectives;
using EvoPo.Simulation.Policies;

namespace EvoPo.Coordinator.Dashboard;

/// <summary>
/// The gradient landscape of a run's current best objective (best.json's best candidate, else its ES mean), drawn like
/// <c>evopo objective plot --best F --axes margin</c> and the report's pictures, as PNG bytes.
/// </summary>
public static class LandscapeImage
{
    public const int Width = 1000;
    public const int Height = 420;

    /// <param name="startAgentPath">The run's start agent, for ℓ_max; null: the defaults of <c>objective plot</c>.</param>
    /// <exception cref="CliException">best.json cannot be read or used.</exception>
    public static byte[] Render(string bestJsonPath, string? startAgentPath, int episodeLength, int resolution = 61)
    {
        var logProbMax = startAgentPath is null
            ? PolicyDistributions.LogProbMax(ObjectiveChoice.DefaultDistribution, ObjectiveChoice.DefaultStdMin, ObjectiveChoice.DefaultActDim)
            : AgentFile.Read(startAgentPath).LogProbMax;
        var none = new Dictionary<string, double>();
        (EvoPo.GpuWorker.Objectives.ObjectiveSpec Spec, string Label) choice;
        try
        {
            choice = ObjectiveChoice.FromBest(bestJsonPath, "best", none, "serve");
        }
        catch (CliException)
        {
            choice = ObjectiveChoice.FromBest(bestJsonPath, "mean", none, "serve");
        }
        var landscape = GradientLandscape.Default(logProbMax, LandscapeAxes.MarginWin, episodeLength, resolution);
        var (chosen, rejected) = landscape.Evaluate(choice.Spec, logProbMax);
        return LandscapePlot.PngBytes(choice.Label, landscape, chosen, rejected, Width, Height);
    }
}
