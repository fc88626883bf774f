using System.Globalization;
using EvoPo.Coordinator.Es;
using EvoPo.Simulation.Evaluation;
using EvoPo.Simulation.Policies;
using EvoPo.Simulation.Random;
using EvoPo.Simulation.Tasks;

namespace EvoPo.Coordinator.Pretrain;

/// <summary>
/// Trains an agent by an evolution strategy (<see cref="PretrainSettings.Strategy"/>, OpenAI-ES by default) on the flat parameter vector of its Gaussian MLP (of <see cref="PretrainSettings.DistributionFor"/>), with the mean true return
/// as fitness. Pure and seeded: randomness comes from CounterRng keys under <see cref="PretrainSettings.Seed"/>
/// — ES noise (seed, 1, g, j) as in a search, fresh-policy init (seed, 2), the shared episodes of generation
/// g (seed, 3, g) and the held-out final evaluation (seed, 4) — and a policy's return does not depend on
/// which other policies share its batch, so the thread count changes nothing.
/// </summary>
public static class AgentPretrainer
{
    private const ulong InitStream = 2;
    private const ulong EpisodeStream = 3;
    private const ulong FinalStream = 4;

    /// <param name="start">Agent to adapt (its parameters are the initial ES mean); null starts from a fresh policy.</param>
    /// <param name="resume">A state saved from a run with the same settings and start; continues at its generation.</param>
    /// <param name="progress">Called after every generation, on the calling thread.</param>
    public static PretrainResult Run(
        PretrainSettings settings,
        Agent? start = null,
        EsState? resume = null,
        Action<PretrainProgress>? progress = null,
        CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings.Validate();
        var task = BuiltInTasks.Get(settings.Task, settings.EpisodeLength);
        var (shape, stdMin) = ShapeOf(settings, task, start);
        var distribution = settings.DistributionFor(start);
        var initial = start is null
            ? GaussianMlp.InitParameters(shape, CounterRng.Create(settings.Seed, InitStream).UInt64At(0),
                (float)(settings.LogStdInit ?? PretrainSettings.DefaultLogStdInit))
            : start.Parameters.ToArray();
        if (start is not null && settings.LogStdInit is { } logStd) initial.AsSpan(shape.LogStdOffset, shape.ActDim).Fill((float)logStd);

        var es = Strategies.Create(settings.EsSettings(), settings.Seed, shape.ParameterCount);
        if (resume is not null && resume.Dimension != shape.ParameterCount)
            throw new ArgumentException($"the resumed state has {resume.Dimension} parameters, shape {shape} needs {shape.ParameterCount}", nameof(resume));
        var state = resume ?? es.Initialize(Array.ConvertAll(initial, p => (double)p));

        while (state.Generation < settings.Generations)
        {
            cancellation.ThrowIfCancellationRequested();
            var candidates = es.Ask(state);
            // The ES mean rides along as the last policy, so each generation also reports the trained policy's return.
            var policies = new GaussianMlp[candidates.Length + 1];
            for (var i = 0; i < candidates.Length; i++) policies[i] = Policy(shape, stdMin, distribution, candidates[i]);
            policies[^1] = Policy(shape, stdMin, distribution, state.Mean);
            var evalSeed = CounterRng.Create(settings.Seed, EpisodeStream, (ulong)state.Generation).UInt64At(0);
            var (returns, fitness) = EvaluateShifted(task, policies, settings.Episodes, evalSeed, settings.Deterministic, settings.Threads,
                settings.AliveShift, cancellation);

            var told = es.Tell(state, candidates, fitness.AsSpan(0, candidates.Length));
            var meanReturn = returns[^1];
            state = told.State;
            progress?.Invoke(new PretrainProgress(state.Generation, settings.Generations, meanReturn, told.Stats, state.StepSize, state));
        }

        var parameters = Array.ConvertAll(state.Mean, p => (float)p);
        var final = Policy(shape, stdMin, distribution, state.Mean);
        var finalSeed = CounterRng.Create(settings.Seed, FinalStream).UInt64At(0);
        var finalReturn = Evaluate(task, [final], settings.FinalEpisodes, finalSeed, settings.Deterministic, 1, cancellation)[0];
        var agent = new Agent(settings.Task, shape, stdMin, parameters, Provenance(settings, start, state, finalReturn), distribution);
        return new PretrainResult(agent, state, finalReturn);
    }

    /// <summary>Mean returns of <paramref name="policies"/> over common episodes, split across threads by policy.</summary>
    public static double[] Evaluate(TaskDescriptor task, IReadOnlyList<GaussianMlp> policies, int episodes, ulong evalSeed, bool deterministic, int threads, CancellationToken cancellation = default) =>
        EvaluateShifted(task, policies, episodes, evalSeed, deterministic, threads, 0, cancellation).Returns;

    /// <summary>Mean returns, and mean (return − <paramref name="aliveShift"/> × episode length) as the ES fitness.</summary>
    public static (double[] Returns, double[] Fitness) EvaluateShifted(TaskDescriptor task, IReadOnlyList<GaussianMlp> policies, int episodes,
        ulong evalSeed, bool deterministic, int threads, double aliveShift, CancellationToken cancellation = default)
    {
        var chunks = Math.Max(1, Math.Min(threads, policies.Count));
        var returns = new double[policies.Count];
        var fitness = new double[policies.Count];
        var options = new ParallelOptions { MaxDegreeOfParallelism = chunks, CancellationToken = cancellation };
        Parallel.For(0, chunks, options, c =>
        {
            var from = c * policies.Count / chunks;
            var to = (c + 1) * policies.Count / chunks;
            var slice = new GaussianMlp[to - from];
            for (var i = from; i < to; i++) slice[i - from] = policies[i];
            var result = new PolicyEvaluator(task, episodes, evalSeed, deterministic).Evaluate(slice);
            result.MeanReturns.CopyTo(returns, from);
            for (var i = 0; i < slice.Length; i++)
                fitness[from + i] = result.MeanReturns[i] - aliveShift * result.EpisodeLengths[i].Average();
        });
        return (returns, fitness);
    }

    private static (PolicyShape Shape, double StdMin) ShapeOf(PretrainSettings settings, TaskDescriptor task, Agent? start)
    {
        var shape = new PolicyShape(task.ObsDim, settings.Hidden, task.ActDim);
        if (start is null) return (shape, settings.StdMin);
        if (start.Shape != shape)
            throw new ArgumentException($"start agent has shape {start.Shape}, but the settings and task {task.Name} give {shape}", nameof(start));
        return (start.Shape, start.StdMin);
    }

    private static GaussianMlp Policy(PolicyShape shape, double stdMin, PolicyDistribution distribution, double[] parameters) =>
        new(shape, stdMin, Array.ConvertAll(parameters, p => (float)p), distribution);

    private static Dictionary<string, string> Provenance(PretrainSettings s, Agent? start, EsState state, double finalReturn)
    {
        string F(double x) => x.ToString("R", CultureInfo.InvariantCulture);
        var provenance = new Dictionary<string, string>
        {
            ["trainer"] = s.Strategy == StrategyKind.OpenAiEs ? "evopo pretrain (OpenAI-ES on policy parameters)" : $"evopo pretrain ({StrategyNames.Of(s.Strategy)} on policy parameters)",
            ["task"] = s.Task,
            ["episodeLength"] = s.EpisodeLength.ToString(CultureInfo.InvariantCulture),
            ["seed"] = s.Seed.ToString(CultureInfo.InvariantCulture),
            ["generations"] = state.Generation.ToString(CultureInfo.InvariantCulture),
            ["population"] = s.Population.ToString(CultureInfo.InvariantCulture),
            ["episodesPerCandidate"] = s.Episodes.ToString(CultureInfo.InvariantCulture),
            ["evaluation"] = s.Deterministic ? "deterministic" : "stochastic",
            ["learningRate"] = F(s.LearningRate),
            ["sigma0"] = F(s.Sigma0),
            ["finalSigma"] = F(state.StepSize),
            ["fitness"] = F(finalReturn),
            ["fitnessEpisodes"] = s.FinalEpisodes.ToString(CultureInfo.InvariantCulture),
            ["start"] = start is null ? "fresh" : start.ContentHash,
        };
        if (start is not null) provenance["startTask"] = start.Task;
        // Only when set, so agents trained before the setting existed keep their content hashes.
        if (s.LogStdInit is { } logStd && (start is not null || logStd != PretrainSettings.DefaultLogStdInit)) provenance["logStdInit"] = F(logStd);
        if (s.AliveShift != 0) provenance["aliveShift"] = F(s.AliveShift);
        if (s.Strategy != StrategyKind.OpenAiEs) provenance["strategy"] = StrategyNames.Of(s.Strategy);
        return provenance;
    }
}
