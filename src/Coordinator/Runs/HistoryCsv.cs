using System.Globalization;
using System.Text;
using EvoPo.Messages.Search;

namespace EvoPo.Coordinator.Runs;

/// <summary><c>history.csv</c>: one row per completed generation, rewritten whole so a replay never duplicates rows.</summary>
public static class HistoryCsv
{
    public const string Header = "generation,mean_fitness,max_fitness,min_fitness,std_fitness,failed_candidates,sigma,wall_seconds,compute_seconds,mean_digest";

    public static string Format(IEnumerable<GenerationCompleted> history)
    {
        var csv = new StringBuilder(Header).Append('\n');
        foreach (var g in history)
            csv.Append(string.Join(',',
                    g.Generation.ToString(CultureInfo.InvariantCulture), N(g.MeanFitness), N(g.MaxFitness), N(g.MinFitness), N(g.StdFitness),
                    g.FailedCandidates.ToString(CultureInfo.InvariantCulture), N(g.Sigma), N(g.WallSeconds), N(g.ComputeSeconds), g.MeanDigest))
                .Append('\n');
        return csv.ToString();
    }

    private static string N(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
