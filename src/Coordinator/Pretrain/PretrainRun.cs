using System.Globalization;
using EvoPo.Coordinator.Config;
using EvoPo.Coordinator.Es;
using EvoPo.Simulation.Normalization;
using EvoPo.Simulation.Policies;

namespace EvoPo.Coordinator.Pretrain;

/// <summary>
/// A pretraining run as a search run (pure): <see cref="PretrainSettings"/> to and from the run's config (a
/// <see cref="SearchConfig"/> with its <c>pretrain</c> section enabled), the policy it starts from, and the agent it ends with.
/// </summary>
public static class PretrainRun
{
    /// <summary>The run's config: ES in <c>es</c>, the task in <c>task</c>, episodes per candidate in <c>evaluation</c>, the rest in <c>pretrain</c>.</summary>
    /// <param name="from">The start agent's path as given (null: a fresh policy).</param>
    public static SearchConfig ConfigFor(PretrainSettings settings, string? from, bool normalizeObservations, int unitSize)
    {
        var es = settings.EsSettings();
        if (!YamlNames.TryParse(typeof(TaskName), settings.Task, out var task))
            throw new ArgumentException($"task '{settings.Task}' has no config name", nameof(settings));
        return new SearchConfig
        {
            Run = new RunConfig { Seed = settings.Seed },
            Task = new TaskConfig { Name = (TaskName)task, EpisodeLength = settings.EpisodeLength },
            Evaluation = new EvaluationConfig { Episodes = settings.Episodes, Deterministic = settings.Deterministic },
            Es = new EsConfig
            {
                Strategy = es.Strategy,
                Population = es.Population,
                Generations = settings.Generations,
                Sigma0 = es.Sigma0,
                SigmaDecay = es.SigmaDecay,
                SigmaMin = es.SigmaMin,
                LearningRate = es.LearningRate,
                Shaping = es.Shaping,
                WeightDecay = es.WeightDecay,
                Optimizer = es.Optimizer,
                Momentum = es.Momentum,
                MaxSpeed = es.MaxSpeed,
                SigmaLearningRate = es.SigmaLearningRate,
                SigmaMaxChange = es.SigmaMaxChange,
            },
            Work = new WorkConfig { UnitSize = unitSize },
            Pretrain = new PretrainConfig
            {
                Enabled = true,
                From = from ?? "",
                Hidden = settings.Hidden,
                StdMin = settings.StdMin,
                LogStdInit = settings.LogStdInit,
                Distribution = settings.Distribution is { } d ? PolicyDistributions.Name(d) : "",
                AliveShift = settings.AliveShift,
                FinalEpisodes = settings.FinalEpisodes,
                NormalizeObservations = normalizeObservations,
            },
        };
    }

    /// <summary>The settings a pretraining run's config holds (<see cref="ConfigFor"/> read back).</summary>
    public static PretrainSettings SettingsOf(SearchConfig config)
    {
        if (!config.Pretrain.Enabled) throw new ArgumentException("the config is not a pretraining run's (pretrain.enabled is false)", nameof(config));
        var p = config.Pretrain;
        return new PretrainSettings
        {
            Task = YamlNames.Of(config.Task.Name),
            EpisodeLength = config.Task.EpisodeLength,
            Hidden = [.. p.Hidden],
            StdMin = p.StdMin,
            LogStdInit = p.LogStdInit,
            Distribution = PolicyDistributions.TryParse(p.Distribution, out var d) ? d : null,
            Generations = config.Es.Generations,
            Population = config.Es.Population,
            Episodes = config.Evaluation.Episodes,
            Deterministic = config.Evaluation.Deterministic,
            AliveShift = p.AliveShift,
            FinalEpisodes = p.FinalEpisodes,
            Seed = config.Run.Seed,
            LearningRate = config.Es.LearningRate,
            Sigma0 = config.Es.Sigma0,
            Strategy = config.Es.Strategy,
            Optimizer = config.Es.Optimizer,
            SigmaLearningRate = config.Es.SigmaLearningRate,
        };
    }

    /// <summary>
    /// What the run folder keeps as its start agent: the <c>--from</c> agent as it is, or a fresh policy (keyed
    /// (seed, <see cref="PretrainPlan.InitStream"/>), logStd at <see cref="PretrainSettings.LogStdInit"/> or its default).
    /// </summary>
    public static Agent Start(PretrainSettings settings, Agent? from, int obsDim, int actDim)
    {
        var shape = new PolicyShape(obsDim, settings.Hidden, actDim);
        if (from is not null && from.Shape != shape)
            throw new ArgumentException($"start agent has shape {from.Shape}, but the settings and task {settings.Task} give {shape}", nameof(from));
        if (from is not null) return from;
        var parameters = GaussianMlp.InitParameters(shape, Simulation.Random.CounterRng.Create(settings.Seed, PretrainPlan.InitStream).UInt64At(0),
            (float)(settings.LogStdInit ?? PretrainSettings.DefaultLogStdInit));
        return new Agent(settings.Task, shape, settings.StdMin, parameters, new Dictionary<string, string> { ["trainer"] = "evopo pretrain (fresh policy)" },
            settings.DistributionFor(null));
    }

    /// <summary>
    /// The policy the ES starts from: the start agent under the run's distribution, with a given logStd replacing an
    /// adapted agent's (a fresh one was initialized with it). Its parameters are the initial mean; its shape, floor and
    /// distribution are every candidate's, and so is a start agent's frozen observation normalization.
    /// </summary>
    public static Agent Template(PretrainSettings settings, Agent start, bool fresh)
    {
        var parameters = start.Parameters.ToArray();
        if (!fresh && settings.LogStdInit is { } logStd) parameters.AsSpan(start.Shape.LogStdOffset, start.Shape.ActDim).Fill((float)logStd);
        return new Agent(settings.Task, start.Shape, start.StdMin, parameters, null, settings.DistributionFor(fresh ? null : start), start.Normalizer);
    }

    /// <summary>The trained agent: the ES mean, with the frozen normalization (the run's own, or the start agent's kept) and its provenance.</summary>
    /// <param name="start">The adapted agent, or null for a fresh policy.</param>
    public static Agent Trained(PretrainSettings settings, Agent template, Agent? start, EsState state, double finalReturn, ObservationNormalizer? normalizer) =>
        new(settings.Task, template.Shape, template.StdMin, Array.ConvertAll(state.Mean, p => (float)p),
            Provenance(settings, start, state, finalReturn, normalizer is not null && !ReferenceEquals(normalizer, template.Normalizer)), template.Distribution, normalizer);

    private static Dictionary<string, string> Provenance(PretrainSettings s, Agent? start, EsState state, double finalReturn, bool normalized)
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
        if (normalized) provenance["observationNormalization"] = "running mean and std of every candidate's rollouts, frozen after the last generation";
        return provenance;
    }
}
