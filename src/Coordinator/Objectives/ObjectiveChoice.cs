using EvoPo.Coordinator.Cli;
using EvoPo.Coordinator.Runs;
using EvoPo.GpuWorker.Objectives;
using EvoPo.Simulation.Files;
using EvoPo.Simulation.Policies;

namespace EvoPo.Coordinator.Objectives;

/// <summary>
/// The objective and policy constant that <c>evopo objective eval|plot|export</c> read from the command line: a catalog name with
/// hyperparameters (<c>--objective dpo --hp beta=0.2</c>) or a search's result (<c>--best runs/ID/best.json --use mean|best</c>),
/// and ℓ_max (<c>--log-prob-max</c>, or from <c>--distribution</c>, <c>--std-min</c> and <c>--act-dim</c>; math.md §1). Given none
/// of those, a <c>best.json</c> in a run folder takes ℓ_max from the run's start agent beside it, as the run's report and the
/// dashboard do; anything else takes the shipped crawler agents' (tanh-gaussian, σ_min 0.05, 4 action dimensions).
/// </summary>
public sealed record ObjectiveChoice(ObjectiveSpec Spec, string Label, double LogProbMax)
{
    /// <summary>Where <see cref="LogProbMax"/> comes from, in words (e.g. "the run's start agent: tanh-gaussian, ...").</summary>
    public string LogProbMaxSource { get; init; } = "";

    /// <summary>The best.json read with <c>--best</c> (its path, contents and which vector <c>--use</c> took), or null for a catalog objective.</summary>
    public (string Path, BestJson.Contents Contents, string Use)? Best { get; init; }

    /// <summary>The <c>--hp</c> overrides as given.</summary>
    public IReadOnlyDictionary<string, double> Overrides { get; init; } = new Dictionary<string, double>();

    public const double DefaultStdMin = 0.05;
    public const int DefaultActDim = 4;

    /// <summary>That of the shipped crawler agents and of every agent <c>evopo pretrain</c> starts fresh.</summary>
    public const PolicyDistribution DefaultDistribution = PolicyDistribution.TanhGaussian;

    /// <summary>The objective of a <c>best.json</c>: its ES mean or best candidate, with its hyperparameters (overridden by <c>--hp</c>).</summary>
    public static (ObjectiveSpec Spec, string Label) FromBest(string path, string use, IReadOnlyDictionary<string, double> overrides) =>
        FromBest(path, ReadBest(path), use, overrides);

    /// <summary>As <see cref="FromBest(string, string, IReadOnlyDictionary{string, double})"/>, from contents already read.</summary>
    public static (ObjectiveSpec Spec, string Label) FromBest(string path, BestJson.Contents contents, string use, IReadOnlyDictionary<string, double> overrides)
    {
        if (use == "best" && contents.Best is null) throw new CliException($"'{path}' has no best candidate yet (no generation finished); use --use mean");
        return FromBest(contents, use == "best", overrides);
    }

    /// <summary>The objective of a read best.json: its best candidate or its ES mean, with its hyperparameters (overridden by <paramref name="overrides"/>).</summary>
    public static (ObjectiveSpec Spec, string Label) FromBest(BestJson.Contents contents, bool bestCandidate, IReadOnlyDictionary<string, double> overrides)
    {
        var parameters = bestCandidate ? contents.Best ?? throw new ArgumentException("the best.json has no best candidate") : contents.Mean;
        var hyperparameters = new Dictionary<string, double>(contents.Hyperparameters);
        foreach (var (key, value) in overrides) hyperparameters[key] = value;
        return (new ObjectiveSpec(contents.Objective, hyperparameters, parameters), $"{contents.Objective}, discovered ({(bestCandidate ? "best candidate" : "ES mean")})");
    }

    /// <summary>A best.json read, every failure a <see cref="CliException"/> naming the file.</summary>
    public static BestJson.Contents ReadBest(string path)
    {
        try
        {
            return BestJson.Read(path);
        }
        catch (FileTooLargeException e)
        {
            throw new CliException(e.Message, e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliException($"cannot read '{path}' ({e.Message})", e);
        }
        catch (FormatException e)
        {
            throw new CliException($"'{path}' is not a usable best.json: {e.Message}", e);
        }
    }
}
