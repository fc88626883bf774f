using System.Globalization;
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

    public const string Options = """
          --objective <name>      a catalog objective: sft, dpo, ipo, rdpo, cpo, orpo, simpo, rrhf, slic-hf, lpo, colpo, maxpo, mpo-1s, mpo-2s
          --hp <k=v,...>          hyperparameters over the objective's defaults, e.g. beta=0.2 (docs/objectives.md lists each one's)
          --best <best.json>      instead of --objective: the objective a search discovered (runs/<id>/best.json)
          --use mean|best         with --best: the final ES mean (default) or the best single candidate
          --log-prob-max <x>      ℓ_max, the largest per-step log-density of the policy (math.md §1); by default that of the
                                  run's start agent (start.agent.json beside --best), else of the shipped crawler agents
          --distribution <name>   instead of --log-prob-max: the policy's distribution, tanh-gaussian (default, the shipped
                                  crawler agents') or gaussian (the MuJoCo agents')
          --std-min <s>           instead of --log-prob-max: the policy's std floor (default 0.05, the shipped agents')
          --act-dim <d>           with --std-min: the action dimension (default 4, the crawler's); ℓ_max = −d·log(s·√(2π)),
                                  plus d·4.62 for tanh-gaussian (the tanh Jacobian at the clamp |u| = 3; docs/design.md "Policies")
        """;

    public static ObjectiveChoice Read(CliArgs args)
    {
        var name = args.Option("objective");
        var hp = args.Option("hp");
        var best = args.Option("best");
        var use = args.Option("use");
        var logProbMaxText = args.Option("log-prob-max");
        var stdMinGiven = args.Option("std-min") is not null;
        var actDimGiven = args.Option("act-dim") is not null;
        var distributionText = args.Option("distribution");
        var stdMin = args.Double("std-min", DefaultStdMin);
        var actDim = args.Int("act-dim", DefaultActDim, 1, 10_000);
        if (logProbMaxText is not null && (stdMinGiven || actDimGiven || distributionText is not null))
            throw new UsageException(args.Command, "give either --log-prob-max or --distribution/--std-min/--act-dim, not both");
        if (!(stdMin > 0)) throw new UsageException(args.Command, string.Create(CultureInfo.InvariantCulture, $"--std-min must be > 0, got {stdMin}"));
        var distribution = DefaultDistribution;
        if (distributionText is not null && !PolicyDistributions.TryParse(distributionText, out distribution))
            throw new UsageException(args.Command, $"--distribution must be {string.Join(" or ", PolicyDistributions.Names)}, got '{distributionText}'");

        if ((name is null) == (best is null)) throw new UsageException(args.Command, "give exactly one of --objective <name> and --best <best.json>");
        if (use is not null && best is null) throw new UsageException(args.Command, "--use goes with --best");
        var hyperparameters = Hyperparameters(args.Command, hp);

        ObjectiveSpec spec;
        string label;
        (string, BestJson.Contents, string)? bestFile = null;
        if (name is not null)
        {
            spec = new ObjectiveSpec(name, hyperparameters);
            label = hyperparameters.Count == 0 ? name : $"{name} ({string.Join(", ", hyperparameters.Select(kv => $"{kv.Key} = {kv.Value.ToString(CultureInfo.InvariantCulture)}"))})";
        }
        else
        {
            if (use is not (null or "mean" or "best")) throw new UsageException(args.Command, $"--use must be mean or best, got '{use}'");
            var contents = ReadBest(best!);
            (spec, label) = FromBest(best!, contents, use ?? "mean", hyperparameters, args.Command);
            bestFile = (best!, contents, use ?? "mean");
        }
        try
        {
            ObjectiveCatalog.Validate(spec);
        }
        catch (ArgumentException e)
        {
            throw new UsageException(args.Command, e.Message);
        }

        double logProbMax;
        string source;
        var startAgent = best is null ? null : Path.Combine(Path.GetDirectoryName(Path.GetFullPath(best)) ?? ".", RunFolder.StartAgentFileName);
        if (logProbMaxText is not null)
        {
            logProbMax = args.Double("log-prob-max", 0);
            source = "--log-prob-max";
        }
        else if (!stdMinGiven && !actDimGiven && distributionText is null && startAgent is not null && File.Exists(startAgent))
        {
            var agent = AgentFiles.Read(startAgent, "the run's start agent");
            logProbMax = agent.LogProbMax;
            source = $"the run's start agent: {Policy(agent.Distribution, agent.StdMin, agent.Shape.ActDim)}";
        }
        else
        {
            logProbMax = PolicyDistributions.LogProbMax(distribution, stdMin, actDim);
            source = stdMinGiven || actDimGiven || distributionText is not null
                ? $"{Policy(distribution, stdMin, actDim)}, as given"
                : $"the shipped crawler agents': {Policy(distribution, stdMin, actDim)}";
        }
        return new ObjectiveChoice(spec, label, logProbMax) { LogProbMaxSource = source, Best = bestFile, Overrides = hyperparameters };
    }

    private static string Policy(PolicyDistribution distribution, double stdMin, int actDim) =>
        string.Create(CultureInfo.InvariantCulture, $"{PolicyDistributions.Name(distribution)}, σ_min {stdMin}, {actDim} action dimensions");

    /// <summary>The objective of a <c>best.json</c>: its ES mean or best candidate, with its hyperparameters (overridden by <c>--hp</c>).</summary>
    public static (ObjectiveSpec Spec, string Label) FromBest(string path, string use, IReadOnlyDictionary<string, double> overrides, string command)
    {
        if (use is not ("mean" or "best")) throw new UsageException(command, $"--use must be mean or best, got '{use}'");
        return FromBest(path, ReadBest(path), use, overrides, command);
    }

    private static (ObjectiveSpec Spec, string Label) FromBest(string path, BestJson.Contents contents, string use, IReadOnlyDictionary<string, double> overrides, string command)
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

    private static BestJson.Contents ReadBest(string path)
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

    private static Dictionary<string, double> Hyperparameters(string command, string? text)
    {
        var result = new Dictionary<string, double>(StringComparer.Ordinal);
        if (text is null) return result;
        foreach (var item in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var eq = item.IndexOf('=');
            if (eq <= 0 || !double.TryParse(item[(eq + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
                throw new UsageException(command, $"--hp takes key=number pairs separated by commas (e.g. beta=0.2,lambda=1), got '{item}'");
            if (!result.TryAdd(item[..eq].Trim(), value)) throw new UsageException(command, $"--hp names '{item[..eq].Trim()}' twice");
        }
        return result;
    }
}
