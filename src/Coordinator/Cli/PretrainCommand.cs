using System.Diagnostics;
using System.Globalization;
using EvoPo.Coordinator.Es;
using EvoPo.Coordinator.Pretrain;
using EvoPo.Simulation.Evaluation;
using EvoPo.Simulation.Policies;
using EvoPo.Simulation.Tasks;

namespace EvoPo.Coordinator.Cli;

/// <summary><c>evopo pretrain</c>: trains an original or target agent with an evolution strategy (<see cref="AgentPretrainer"/>).</summary>
public sealed class PretrainCommand : ICliCommand
{
    public string Name => "pretrain";

    public string Summary => "train an agent on a task with ES (the shipped original and target agents)";

    public string Usage => """
        usage: evopo pretrain --task <crawler|crawler-3leg|hopper|ant|tla> --out <file.agent.json> [options]

          --from <agent.json>     start from this agent instead of a fresh policy (a target adapts the original)
          --distribution <name>   tanh-gaussian (default for a fresh policy: actions a = tanh(u), log-probs of the executed
                                  action) or gaussian (raw actions, clipped by the environment); with --from: the agent's own
          --generations <n>       ES generations (default 150; 0 trains nothing: the fresh or --from agent, with
                                  --log-std-init applied, is evaluated and written, as docs/tasks.md does for ant-original)
          --population <n>        candidates per generation, even (default 48)
          --episodes <n>          episodes per candidate per generation (default 8)
          --deterministic         fitness from mean actions (default: sampled actions, as datasets are generated)
          --seed <n>              run seed: ES noise, initialisation, episodes (default 1)
          --episode-length <n>    steps per episode (default 100; the MuJoCo tasks' paper length is 1000)
          --hidden <a,b,...>      hidden widths of a fresh policy (default 32,32; with --from: the agent's)
          --strategy <name>       openai-es (default) | pgpe | snes | sep-cma-es | cma-es (docs/strategies.md; cma-es only
                                  up to 400 parameters, so not for the shipped policy shapes)
          --learning-rate <x>     learning rate of the ES mean's optimizer, openai-es and pgpe only (default 0.03)
          --optimizer <name>      adam | sgd | clipup for openai-es and pgpe (default: adam for openai-es, clipup for pgpe)
          --sigma-learning-rate <x>  σ's learning rate for pgpe and snes (default: the method's own)
          --sigma <x>             initial ES noise scale (default 0.05)
          --log-std-init <x>      initial logStd (default: -0.5 for a fresh policy, std ≈ 0.66; the --from agent's own);
                                  with --from it replaces the agent's logStd. -2 for MuJoCo Ant/TLA with sampled-action
                                  fitness, so control cost does not outweigh the healthy bonus
          --alive-shift <x>       subtract x per step survived from the ES fitness, training only (default 0; 1 on
                                  MuJoCo Hopper/Ant cancels the healthy bonus so standing still is no optimum, as ARS)
          --threads <n>           evaluation threads; results do not depend on it (default: all cores)
          --checkpoint <file>     save the ES state after every generation
          --resume                continue from --checkpoint (same settings and start agent)
          --report-episodes <n>   episodes of the final report on every task of the agent's shape (default 64)

        examples:
          evopo pretrain --task crawler --out agents/crawler-original.agent.json
          evopo pretrain --task crawler-3leg --from agents/crawler-original.agent.json --out agents/crawler-target.agent.json
        """;

    /// <summary>Evaluation seed of the final report (the quickstart's evaluation seed).</summary>
    public const ulong ReportSeed = 3;

    public Task<int> RunAsync(CliArgs args, CancellationToken cancellation)
    {
        var taskName = args.Required("task");
        var outPath = args.Required("out");
        var from = args.Option("from");
        var defaults = new PretrainSettings { Task = taskName };
        var hidden = args.IntList("hidden", defaults.Hidden);
        var settings = new PretrainSettings
        {
            Task = taskName,
            Generations = args.Int("generations", defaults.Generations, 0, 1_000_000),
            Population = args.Int("population", defaults.Population, 2, EsSettings.MaxPopulation),
            Episodes = args.Int("episodes", defaults.Episodes, 1, 100_000),
            Deterministic = args.Flag("deterministic"),
            Seed = args.UInt64("seed", defaults.Seed),
            EpisodeLength = args.Int("episode-length", defaults.EpisodeLength, 1, 1_000_000),
            LearningRate = args.Double("learning-rate", defaults.LearningRate),
            Sigma0 = args.Double("sigma", defaults.Sigma0),
            LogStdInit = args.Option("log-std-init") is null ? null : args.Double("log-std-init", PretrainSettings.DefaultLogStdInit),
            AliveShift = args.Double("alive-shift", defaults.AliveShift),
            Threads = args.Int("threads", defaults.Threads, 1, 1024),
            Hidden = hidden,
            Strategy = Parsed<StrategyKind>(args.Option("strategy"), "--strategy", StrategyNames.TryParse, StrategyNames.All) ?? defaults.Strategy,
            Optimizer = Parsed<OptimizerKind>(args.Option("optimizer"), "--optimizer", TryParseOptimizer, ["adam", "sgd", "clipup"]),
            SigmaLearningRate = args.Option("sigma-learning-rate") is null ? null : args.Double("sigma-learning-rate", 0),
        };
        if (settings.Strategy is not (StrategyKind.OpenAiEs or StrategyKind.Pgpe) && args.Option("learning-rate") is not null)
            throw new UsageException(Name, $"--learning-rate applies to openai-es and pgpe; {StrategyNames.Of(settings.Strategy)} moves its mean by its own rule");
        var checkpointPath = args.Option("checkpoint");
        var resume = args.Flag("resume");
        var reportEpisodes = args.Int("report-episodes", 64, 1, 100_000);
        var distributionText = args.Option("distribution");
        args.EnsureAllUsed(0);
        var distribution = (PolicyDistribution?)null;
        if (distributionText is not null)
        {
            if (!PolicyDistributions.TryParse(distributionText, out var parsed))
                throw new UsageException(Name, $"--distribution must be {string.Join(" or ", PolicyDistributions.Names)}, got '{distributionText}'");
            distribution = parsed;
        }

        if (!BuiltInTasks.Names.Contains(taskName))
            throw new UsageException(Name, $"unknown task '{taskName}'; valid tasks: {string.Join(", ", BuiltInTasks.Names)}");
        if (settings.Population % 2 != 0 && settings.EsSettings().IsAntithetic)
            throw new UsageException(Name, $"--population must be even (antithetic pairs), got {settings.Population}");
        if (resume && checkpointPath is null) throw new UsageException(Name, "--resume needs --checkpoint <file>");

        var start = from is null ? null : AgentFiles.Read(from, "--from agent");
        if (start is not null) settings = settings with { Hidden = start.Shape.Hidden };
        // Resolved here rather than left null, so a checkpoint's fingerprint names the distribution it was trained under.
        settings = settings with { Distribution = distribution ?? start?.Distribution ?? PolicyDistribution.TanhGaussian };
        if (start is not null && args.Option("hidden") is not null && !hidden.SequenceEqual(start.Shape.Hidden))
            throw new UsageException(Name, $"--hidden {string.Join(",", hidden)} does not match the --from agent's [{string.Join(",", start.Shape.Hidden)}]");
        try
        {
            settings.Validate();
        }
        catch (ArgumentException e)
        {
            throw new UsageException(Name, e.Message);
        }
        var task = BuiltInTasks.Get(taskName, settings.EpisodeLength);
        if (start is not null && (start.Shape.ObsDim, start.Shape.ActDim) != (task.ObsDim, task.ActDim))
            throw new CliException($"--from agent '{from}' has shape {start.Shape}, which does not fit task {taskName} (obs {task.ObsDim}, act {task.ActDim})");

        var shape = new PolicyShape(task.ObsDim, settings.Hidden, task.ActDim);
        if (settings.EsSettings().FindInvalidFor(shape.ParameterCount) is { } unsuitable)
            throw new UsageException(Name, $"--strategy: {unsuitable.Problem}");
        var startId = start?.ContentHash ?? "fresh";
        EsState? resumeState = null;
        if (resume && File.Exists(checkpointPath))
        {
            try
            {
                var checkpoint = PretrainCheckpoint.Read(checkpointPath!);
                checkpoint.EnsureMatches(checkpointPath!, settings, startId);
                resumeState = checkpoint.State;
            }
            catch (InvalidDataException e)
            {
                throw new CliException(e.Message, e);
            }
            Console.Out.WriteLine($"resuming from '{checkpointPath}' at generation {resumeState.Generation}");
        }
        else if (resume)
        {
            Console.Out.WriteLine($"no checkpoint at '{checkpointPath}' yet; starting fresh");
        }

        using var console = ConsoleProgress.Stdout();
        console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"pretrain {taskName}: {(start is null ? "fresh policy" : $"from {from} ({start.Task})")}, {PolicyDistributions.Name(settings.Distribution!.Value)}, hidden [{string.Join(",", settings.Hidden)}], " +
            $"population {settings.Population}, {settings.Episodes} {(settings.Deterministic ? "deterministic" : "stochastic")} episodes, " +
            $"{settings.Generations} generations, seed {settings.Seed}, {settings.Threads} threads"));
        var watch = Stopwatch.StartNew();
        void Report(PretrainProgress p)
        {
            console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"gen {p.Generation,4}/{p.Generations}  policy {p.MeanPolicyReturn,8:F2}  candidates mean {p.Population.Mean,8:F2} max {p.Population.Max,8:F2}  sigma {p.Sigma:F4}  {watch.Elapsed.TotalSeconds,6:F1}s"));
            if (checkpointPath is not null) PretrainCheckpoint.Create(settings, startId, p.State).Write(checkpointPath);
            console.Update($"generation {p.Generation}/{p.Generations}", p.Generation, p.Generations);
        }

        PretrainResult result;
        try
        {
            result = AgentPretrainer.Run(settings, start, resumeState, Report, cancellation);
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            console.WriteLine($"stopped before the end: {outPath} not written (a file already there is unchanged)" +
                              (checkpointPath is null ? "" : $"; continue with the same command and --resume (checkpoint {checkpointPath})"));
            throw;
        }
        AgentFiles.Write(outPath, result.Agent);
        var elapsed = watch.Elapsed.TotalSeconds;
        console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"wrote {outPath} (hash {result.Agent.ContentHash[..16]}, {result.Agent.Shape.ParameterCount} parameters) in {elapsed:F1}s; " +
            $"held-out {taskName} return {result.FinalReturn:F2} over {settings.FinalEpisodes} episodes"));
        foreach (var line in ReturnsReport(result.Agent, settings.EpisodeLength, reportEpisodes, ReportSeed)) console.WriteLine(line);
        return Task.FromResult(0);
    }

    private delegate bool TryParse<T>(string text, out T value);

    private T? Parsed<T>(string? text, string option, TryParse<T> parse, IReadOnlyList<string> allowed) where T : struct
    {
        if (text is null) return null;
        if (!parse(text, out var value)) throw new UsageException(Name, $"{option} must be {string.Join(" | ", allowed)}, got '{text}'");
        return value;
    }

    private static bool TryParseOptimizer(string text, out OptimizerKind kind)
    {
        kind = text switch { "adam" => OptimizerKind.Adam, "sgd" => OptimizerKind.Sgd, "clipup" => OptimizerKind.ClipUp, _ => (OptimizerKind)(-1) };
        return Enum.IsDefined(kind);
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
