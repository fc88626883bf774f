using EvoPo.Coordinator.Objectives;
using EvoPo.Coordinator.Runs;
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

    /// <param name="best">The run's best.json, read and validated (<see cref="BestJson.Read"/>).</param>
    /// <param name="start">The run's start agent, for ℓ_max; null: the defaults of <c>objective plot</c>.</param>
    public static byte[] Render(BestJson.Contents best, Agent? start, int episodeLength, int resolution = 61)
    {
        var logProbMax = start?.LogProbMax
            ?? PolicyDistributions.LogProbMax(ObjectiveChoice.DefaultDistribution, ObjectiveChoice.DefaultStdMin, ObjectiveChoice.DefaultActDim);
        var choice = ObjectiveChoice.FromBest(best, bestCandidate: best.Best is not null, new Dictionary<string, double>());
        var landscape = GradientLandscape.Default(logProbMax, LandscapeAxes.MarginWin, episodeLength, resolution);
        var (chosen, rejected) = landscape.Evaluate(choice.Spec, logProbMax);
        return LandscapePlot.PngBytes(choice.Label, landscape, chosen, rejected, Width, Height);
    }
}
