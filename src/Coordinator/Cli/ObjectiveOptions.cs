using System.CommandLine;
using System.Globalization;
using EvoPo.Coordinator.Objectives;
using EvoPo.Coordinator.Runs;
using EvoPo.GpuWorker.Objectives;
using EvoPo.Simulation.Policies;

namespace EvoPo.Coordinator.Cli;

/// <summary>
/// The options <c>evopo objective eval|plot|export</c> share, declared once: which objective (<c>--objective</c> with
/// <c>--hp</c>, or <c>--best</c> with <c>--use</c>) and ℓ_max (<c>--log-prob-max</c>, or <c>--distribution</c>,
/// <c>--std-min</c>, <c>--act-dim</c>); <see cref="Read"/> makes the <see cref="ObjectiveChoice"/> of them.
/// </summary>
public sealed class ObjectiveOptions
{
    private readonly Option<string> _objective = CliOptions.Text("--objective", "NAME",
        $"a catalog objective: {string.Join(", ", ObjectiveCatalog.Names)}");
    private readonly Option<string> _hp = CliOptions.Text("--hp", "K=V,...",
        "hyperparameters over the objective's defaults, e.g. beta=0.2 (docs/objectives.md lists each one's)");
    private readonly Option<string> _best = CliOptions.Text("--best", "BEST.json",
        "instead of --objective: the objective a search discovered (runs/<id>/best.json)");
    private readonly Option<string> _use = CliOptions.Choice("--use", "with --best: the final ES mean (default) or the best single candidate", null, ["mean", "best"]);
    private readonly Option<double?> _logProbMax = CliOptions.OptionalDouble("--log-prob-max", "X",
        "ℓ_max, the largest per-step log-density of the policy (math.md §1); by default that of the run's start agent " +
        "(start.agent.json beside --best), else of the shipped crawler agents");
    private readonly Option<string> _distribution = CliOptions.Choice("--distribution",
        "instead of --log-prob-max: the policy's distribution, tanh-gaussian (default, the shipped crawler agents') or gaussian (the MuJoCo agents')",
        null, PolicyDistributions.Names);
    private readonly Option<double?> _stdMin = CliOptions.OptionalDouble("--std-min", "S",
        string.Create(CultureInfo.InvariantCulture, $"instead of --log-prob-max: the policy's std floor (default {ObjectiveChoice.DefaultStdMin}, the shipped agents')"),
        min: 0, aboveMin: true);
    private readonly Option<int?> _actDim = CliOptions.OptionalInt("--act-dim", "D",
        $"with --std-min: the action dimension (default {ObjectiveChoice.DefaultActDim}, the crawler's); ℓ_max = −d·log(s·√(2π)), plus d·4.62 for " +
        "tanh-gaussian (the tanh Jacobian at the clamp |u| = 3; docs/design.md \"Policies\")", 1, 10_000);

    public void AddTo(Command command)
    {
        CliOptions.Add(command, _objective, _hp, _best, _use, _logProbMax, _distribution, _stdMin, _actDim);
    }

    public ObjectiveChoice Read(ParseResult parse)
    {
        var name = parse.GetValue(_objective);
        var best = parse.GetValue(_best);
        var use = parse.GetValue(_use);
        var logProbMaxGiven = parse.GetValue(_logProbMax);
        var distributionText = parse.GetValue(_distribution);
        var stdMinGiven = parse.GetValue(_stdMin);
        var actDimGiven = parse.GetValue(_actDim);
        var policyGiven = stdMinGiven is not null || actDimGiven is not null || distributionText is not null;
        if (logProbMaxGiven is not null && policyGiven)
            throw new UsageException("give either --log-prob-max or --distribution/--std-min/--act-dim, not both");
        var stdMin = stdMinGiven ?? ObjectiveChoice.DefaultStdMin;
        var actDim = actDimGiven ?? ObjectiveChoice.DefaultActDim;
        var distribution = PolicyDistributions.TryParse(distributionText, out var parsed) ? parsed : ObjectiveChoice.DefaultDistribution;

        if ((name is null) == (best is null)) throw new UsageException("give exactly one of --objective <name> and --best <best.json>");
        if (use is not null && best is null) throw new UsageException("--use goes with --best");
        var hyperparameters = Hyperparameters(parse.GetValue(_hp));

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
            var contents = ObjectiveChoice.ReadBest(best!);
            (spec, label) = ObjectiveChoice.FromBest(best!, contents, use ?? "mean", hyperparameters);
            bestFile = (best!, contents, use ?? "mean");
        }
        try
        {
            ObjectiveCatalog.Validate(spec);
        }
        catch (ArgumentException e)
        {
            throw new UsageException(e.Message);
        }

        double logProbMax;
        string source;
        var startAgent = best is null ? null : Path.Combine(Path.GetDirectoryName(Path.GetFullPath(best)) ?? ".", RunFolder.StartAgentFileName);
        if (logProbMaxGiven is { } given)
        {
            logProbMax = given;
            source = "--log-prob-max";
        }
        else if (!policyGiven && startAgent is not null && File.Exists(startAgent))
        {
            var agent = AgentFiles.Read(startAgent, "the run's start agent");
            logProbMax = agent.LogProbMax;
            source = $"the run's start agent: {Policy(agent.Distribution, agent.StdMin, agent.Shape.ActDim)}";
        }
        else
        {
            logProbMax = PolicyDistributions.LogProbMax(distribution, stdMin, actDim);
            source = policyGiven
                ? $"{Policy(distribution, stdMin, actDim)}, as given"
                : $"the shipped crawler agents': {Policy(distribution, stdMin, actDim)}";
        }
        return new ObjectiveChoice(spec, label, logProbMax) { LogProbMaxSource = source, Best = bestFile, Overrides = hyperparameters };
    }

    private static string Policy(PolicyDistribution distribution, double stdMin, int actDim) =>
        string.Create(CultureInfo.InvariantCulture, $"{PolicyDistributions.Name(distribution)}, σ_min {stdMin}, {actDim} action dimensions");

    private static Dictionary<string, double> Hyperparameters(string? text)
    {
        var result = new Dictionary<string, double>(StringComparer.Ordinal);
        if (text is null) return result;
        foreach (var item in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var eq = item.IndexOf('=');
            if (eq <= 0 || !double.TryParse(item[(eq + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
                throw new UsageException($"--hp takes key=number pairs separated by commas (e.g. beta=0.2,lambda=1), got '{item}'");
            if (!result.TryAdd(item[..eq].Trim(), value)) throw new UsageException($"--hp names '{item[..eq].Trim()}' twice");
        }
        return result;
    }
}
