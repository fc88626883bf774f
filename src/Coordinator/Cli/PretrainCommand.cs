using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using EvoPo.Coordinator.Es;
using EvoPo.Coordinator.Pretrain;
using EvoPo.Coordinator.Runs;
using EvoPo.Simulation.Evaluation;
using EvoPo.Simulation.Policies;
using EvoPo.Simulation.Tasks;

namespace EvoPo.Coordinator.Cli;

/// <summary>
/// <c>evopo pretrain</c>: trains an original or target agent with an evolution strategy over its policy's parameters. The
/// run is a search run (<see cref="PretrainRun"/>): journaled, cut into work units for the cluster's workers (embedded by
/// default), listed by <c>evopo runs</c>, and resumed by the same command with the same <c>--run-id</c>.
/// </summary>
public sealed class PretrainCommand : CliCommand
{
    private static readonly PretrainSettings Defaults = new() { Task = BuiltInTasks.Crawler };

    private readonly Option<string> _task = CliOptions.Choice("--task", "the task to train on", null, BuiltInTasks.Names, required: true);
    private readonly Option<string> _out = CliOptions.Text("--out", "FILE.agent.json", "where the agent is written", required: true);
    private readonly Option<string> _from = CliOptions.Text("--from", "AGENT.json", "start from this agent instead of a fresh policy (a target adapts the original)");
    private readonly Option<string> _distribution = CliOptions.Choice("--distribution",
        "tanh-gaussian (for a fresh policy the default: actions a = tanh(u), log-probs of the executed action) or gaussian (raw actions, " +
        "clipped by the environment); with --from: the agent's own", null, PolicyDistributions.Names);
    private readonly Option<int> _generations = CliOptions.Int("--generations", "N",
        "ES generations; 0 trains nothing: the fresh or --from agent, with --log-std-init applied, is evaluated and written, as docs/tasks.md does for ant-original",
        Defaults.Generations, 0, 1_000_000);
    private readonly Option<int> _population = CliOptions.Int("--population", "N", "candidates per generation, even for antithetic strategies",
        Defaults.Population, 2, EsSettings.MaxPopulation);
    private readonly Option<int> _episodes = CliOptions.Int("--episodes", "N", "episodes per candidate per generation", Defaults.Episodes, 1, 100_000);
    private readonly Option<bool> _deterministic = CliOptions.Flag("--deterministic", "fitness from mean actions (default: sampled actions, as datasets are generated)");
    private readonly Option<ulong> _seed = CliOptions.UInt64("--seed", "N", "run seed: ES noise, initialisation, episodes", Defaults.Seed);
    private readonly Option<int> _episodeLength = CliOptions.Int("--episode-length", "N", "steps per episode (the MuJoCo tasks' paper length is 1000)",
        Defaults.EpisodeLength, 1, 1_000_000);
    private readonly Option<NumberList> _hidden = CliOptions.IntList("--hidden", "hidden widths of a fresh policy (with --from: the agent's)", Defaults.Hidden);
    private readonly Option<string> _strategy = CliOptions.Choice("--strategy",
        "docs/strategies.md; cma-es only up to 400 parameters, so not for the shipped policy shapes", StrategyNames.Of(Defaults.Strategy), StrategyNames.All);
    private readonly Option<double?> _learningRate = CliOptions.OptionalDouble("--learning-rate", "X",
        string.Create(CultureInfo.InvariantCulture, $"learning rate of the ES mean's optimizer, openai-es and pgpe only (default {Defaults.LearningRate})"));
    private readonly Option<string> _optimizer = CliOptions.Choice("--optimizer",
        "the ES mean's optimizer for openai-es and pgpe (default: adam for openai-es, clipup for pgpe)", null, ["adam", "sgd", "clipup"]);
    private readonly Option<double?> _sigmaLearningRate = CliOptions.OptionalDouble("--sigma-learning-rate", "X",
        "σ's learning rate for pgpe and snes (default: the method's own)");
    private readonly Option<double> _sigma = CliOptions.Double("--sigma", "X", "initial ES noise scale", Defaults.Sigma0);
    private readonly Option<double?> _logStdInit = CliOptions.OptionalDouble("--log-std-init", "X",
        string.Create(CultureInfo.InvariantCulture, $"initial logStd (default: {PretrainSettings.DefaultLogStdInit} for a fresh policy, std ≈ 0.66; the --from agent's own); ") +
        "with --from it replaces the agent's logStd. -2 for MuJoCo Ant/TLA with sampled-action fitness, so control cost does not outweigh the healthy bonus");
    private readonly Option<double> _aliveShift = CliOptions.Double("--alive-shift", "X",
        "subtract x per step survived from the ES fitness, training only (1 on MuJoCo Hopper/Ant cancels the healthy bonus so standing still is no optimum, as ARS)",
        Defaults.AliveShift, min: 0);
    private readonly Option<int> _threads = CliOptions.Int("--threads", "N",
        "units the embedded worker runs at once; results do not depend on it (default: all cores)", Environment.ProcessorCount, 1, 1024);
    private readonly Option<bool> _normalize = CliOptions.Flag("--normalize-observations",
        "normalize observations by running mean and std of every candidate's rollouts, frozen into the agent (ARS V2; default off)");
    private readonly Option<int> _unitSize = CliOptions.Int("--unit-size", "N", "candidates per work unit; results do not depend on it",
        8, 1, 256);
    private readonly Option<string> _runs = CliOptions.Runs();
    private readonly Option<string> _runId = CliOptions.Text("--run-id", "ID",
        "name the run instead of a fresh time-stamped id; the same command with the same id resumes it after a stop or crash " +
        "(or rewrites --out when it is finished); other settings are refused");
    private readonly ClusterArgs _cluster = new();
    private readonly Option<int> _reportEpisodes = CliOptions.Int("--report-episodes", "N", "episodes of the final report on every task of the agent's shape",
        64, 1, 100_000);

    public PretrainCommand() : base("pretrain", "train an agent on a task with ES (the shipped original and target agents)", "",
        "evopo pretrain --task crawler --out agents/crawler-original.agent.json",
        "evopo pretrain --task crawler-3leg --from agents/crawler-original.agent.json --out agents/crawler-target.agent.json")
    {
        CliOptions.Add(this, _task, _out, _from, _distribution, _generations, _population, _episodes, _deterministic, _seed, _episodeLength,
            _hidden, _strategy, _learningRate, _optimizer, _sigmaLearningRate, _sigma, _logStdInit, _aliveShift, _threads, _normalize, _unitSize,
            _runs, _runId, _reportEpisodes);
        _cluster.AddCoordinatorTo(this);
    }

    /// <summary>Evaluation seed of the final report (the quickstart's evaluation seed).</summary>
    public const ulong ReportSeed = 3;

    protected override async Task<int> RunAsync(ParseResult parse, CancellationToken cancellation)
    {
        var taskName = parse.GetRequiredValue(_task);
        var outPath = parse.GetRequiredValue(_out);
        var from = parse.GetValue(_from);
        var hidden = parse.GetRequiredValue(_hidden).Values;
        var learningRate = parse.GetValue(_learningRate);
        StrategyNames.TryParse(parse.GetRequiredValue(_strategy), out var strategy);
        var settings = new PretrainSettings
        {
            Task = taskName,
            Generations = parse.GetValue(_generations),
            Population = parse.GetValue(_population),
            Episodes = parse.GetValue(_episodes),
            Deterministic = parse.GetValue(_deterministic),
            Seed = parse.GetValue(_seed),
            EpisodeLength = parse.GetValue(_episodeLength),
            LearningRate = learningRate ?? Defaults.LearningRate,
            Sigma0 = parse.GetValue(_sigma),
            LogStdInit = parse.GetValue(_logStdInit),
            AliveShift = parse.GetValue(_aliveShift),
            Hidden = hidden,
            Strategy = strategy,
            Optimizer = parse.GetValue(_optimizer) switch { "adam" => OptimizerKind.Adam, "sgd" => OptimizerKind.Sgd, "clipup" => OptimizerKind.ClipUp, _ => null },
            SigmaLearningRate = parse.GetValue(_sigmaLearningRate),
        };
        if (settings.Strategy is not (StrategyKind.OpenAiEs or StrategyKind.Pgpe) && learningRate is not null)
            throw new UsageException($"--learning-rate applies to openai-es and pgpe; {StrategyNames.Of(settings.Strategy)} moves its mean by its own rule");
        var reportEpisodes = parse.GetValue(_reportEpisodes);
        var normalize = parse.GetValue(_normalize);
        var runs = parse.GetRequiredValue(_runs);
        var fixedId = parse.GetValue(_runId);
        PolicyDistribution? distribution = PolicyDistributions.TryParse(parse.GetValue(_distribution), out var parsed) ? parsed : null;

        if (settings.Population % 2 != 0 && settings.EsSettings().IsAntithetic)
            throw new UsageException($"--population must be even (antithetic pairs), got {settings.Population}");
        if (File.Exists(runs)) throw new CliException($"--runs '{runs}' is a file; it must be a directory of runs (created when missing)");

        var start = from is null ? null : AgentFiles.Read(from, "--from agent");
        if (start is not null) settings = settings with { Hidden = start.Shape.Hidden };
        // Resolved here rather than left null, so the run's config names the distribution it was trained under.
        settings = settings with { Distribution = distribution ?? start?.Distribution ?? PolicyDistribution.TanhGaussian };
        if (start is not null && parse.GetResult(_hidden) is { Implicit: false } && !hidden.SequenceEqual(start.Shape.Hidden))
            throw new UsageException($"--hidden {string.Join(",", hidden)} does not match the --from agent's [{string.Join(",", start.Shape.Hidden)}]");
        try
        {
            settings.Validate();
        }
        catch (ArgumentException e)
        {
            throw new UsageException(e.Message);
        }
        var task = BuiltInTasks.Get(taskName, settings.EpisodeLength);
        if (start is not null && (start.Shape.ObsDim, start.Shape.ActDim) != (task.ObsDim, task.ActDim))
            throw new CliException($"--from agent '{from}' has shape {start.Shape}, which does not fit task {taskName} (obs {task.ObsDim}, act {task.ActDim})");

        var shape = new PolicyShape(task.ObsDim, settings.Hidden, task.ActDim);
        if (settings.EsSettings().FindInvalidFor(shape.ParameterCount) is { } unsuitable)
            throw new UsageException($"--strategy: {unsuitable.Problem}");
        var config = Config.SearchConfigLoader.Parse(
            Config.SearchConfigLoader.ToYaml(PretrainRun.ConfigFor(settings, from, normalize, parse.GetValue(_unitSize))), "the pretrain options");
        var cluster = _cluster.ReadCoordinator(parse, runs) with { Capacity = parse.GetValue(_threads) };
        await using var http = Http.NodeHttpServer.StartIfRequested(ref cluster);
        if (cluster.Journal is not null) await Hosting.JournalPreflight.CheckAsync(cluster.Journal, cancellation);
        RunFolder folder;
        try
        {
            folder = new RunFolder(runs, fixedId ?? RunFolder.NewRunId(DateTime.UtcNow));
        }
        catch (ArgumentException e)
        {
            throw new CliException($"--run-id: {e.Message}");
        }

        using var console = ConsoleProgress.Stdout();
        console.WriteLine($"run id: {folder.RunId}");
        console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"pretrain {taskName}: {(start is null ? "fresh policy" : $"from {from} ({start.Task})")}, {PolicyDistributions.Name(settings.Distribution!.Value)}, hidden [{string.Join(",", settings.Hidden)}], " +
            $"population {settings.Population}, {settings.Episodes} {(settings.Deterministic ? "deterministic" : "stochastic")} episodes, " +
            $"{settings.Generations} generations, seed {settings.Seed}{(normalize ? ", observations normalized" : "")}"));
        var watch = Stopwatch.StartNew();
        var existing = fixedId is null ? null
            : await SearchCommand.ExistingRunAsync(folder, config, "the pretrain options", overwrite: false, cluster, console, cancellation);
        RunOutcome outcome;
        if (existing is ("finished", { } finished))
        {
            console.WriteLine($"run {folder.RunId} is already finished");
            if (!File.Exists(folder.PretrainedAgentPath)) AgentFile.Write(folder.PretrainedAgentPath, PretrainSession.Trained(folder, finished));
            outcome = new RunOutcome(true, "", null);
        }
        else
        {
            if (existing is ({ } state, _)) console.WriteLine($"run {folder.RunId} exists ({state}) with these settings: resuming it");
            var created = existing is null ? PretrainSession.Prepare(config, start, task.ObsDim, task.ActDim, folder) : null;
            try
            {
                outcome = await SearchSession.DriveAsync(folder, created, cluster, console, Verbose(parse), cancellation, console.Update);
            }
            catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
            {
                console.WriteLine($"stopped before the end: {outPath} not written (a file already there is unchanged); " +
                                  $"continue with the same command and --run-id {folder.RunId}");
                throw;
            }
        }
        if (!outcome.Succeeded) return CliApp.Failure;
        var agent = AgentFiles.Read(folder.PretrainedAgentPath, "the run's trained agent");
        AgentFiles.Write(outPath, agent);
        console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"wrote {outPath} (hash {agent.ContentHash[..16]}, {agent.Shape.ParameterCount} parameters) in {watch.Elapsed.TotalSeconds:F1}s; " +
            $"held-out {taskName} return {agent.Provenance["fitness"]} over {settings.FinalEpisodes} episodes"));
        foreach (var line in ReturnsReport(agent, settings.EpisodeLength, reportEpisodes, ReportSeed)) console.WriteLine(line);
        return 0;
    }

    /// <summary>Mean return (± std over episodes) of an agent on every task with its shape, deterministic and sampled.</summary>
    public static IEnumerable<string> ReturnsReport(Agent agent, int episodeLength, int episodes, ulong evalSeed)
    {
        var policy = agent.CreatePolicy();
        foreach (var name in BuiltInTasks.Names)
        {
            var task = BuiltInTasks.Get(name, episodeLength);
            if (task.ObsDim != agent.Shape.ObsDim || task.ActDim != agent.Shape.ActDim) continue; // another body
            var parts = new List<string>();
            foreach (var deterministic in new[] { true, false })
            {
                var result = new PolicyEvaluator(task, episodes, evalSeed, deterministic).Evaluate([policy]);
                var returns = result.EpisodeReturns[0];
                var std = Math.Sqrt(returns.Select(r => (r - result.MeanReturns[0]) * (r - result.MeanReturns[0])).Average());
                var fallen = result.EpisodeLengths[0].Count(l => l < episodeLength);
                parts.Add(string.Create(CultureInfo.InvariantCulture,
                    $"{(deterministic ? "deterministic" : "stochastic")} {result.MeanReturns[0]:F2} ± {std:F2}{(fallen > 0 ? $" ({fallen} fell)" : "")}"));
            }
            yield return $"  {name,-13} {string.Join(", ", parts)}   ({episodes} episodes, seed {evalSeed})";
        }
    }
}
