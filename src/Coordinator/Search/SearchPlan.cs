using EvoPo.Coordinator.Config;
using EvoPo.Coordinator.Pretrain;
using EvoPo.GpuWorker.Objectives;
using EvoPo.Messages.Work;
using EvoPo.Simulation.Normalization;
using EvoPo.Simulation.Random;

namespace EvoPo.Coordinator.Search;

/// <summary>
/// How a run's candidates become work units (pure). Candidate i of a generation is unit i / K, slot i % K.
/// <para>
/// Randomness: every candidate of generation g trains with the same minibatch order, seed
/// (runSeed, <see cref="TrainingStream"/>, g), and all are evaluated on the same episodes: common random
/// numbers, so fitness differences within a generation come from the objectives, not from luck. Report agents
/// use seeds (runSeed, <see cref="ReportStream"/>, s), shared by every method for seed s.
/// </para>
/// A pretraining run (<see cref="Pretrain"/>) has policies for candidates instead: its units roll them out
/// (<see cref="PretrainPlan"/>), and its report is the ES mean's held-out evaluation.
/// </summary>
public sealed class SearchPlan
{
    public const ulong TrainingStream = 2;
    public const ulong ReportStream = 3;
    public const ulong ValidationStream = 4;
    public const ulong ValidationEpisodesStream = 5;
    public const ulong HeldOutStream = 6;
    public const ulong HeldOutEpisodesStream = 7;
    public const string DiscoveredMean = "discovered (ES mean)";
    public const string DiscoveredBest = "discovered (best candidate)";
    public const string SearchStart = "search start";

    public SearchPlan(string runId, ulong runSeed, SearchConfig config, TrainingPlan training, PretrainPlan? pretrain = null)
    {
        if (config.Pretrain.Enabled != pretrain is not null)
            throw new ArgumentException($"run {runId}: pretrain.enabled is {config.Pretrain.Enabled}, but {(pretrain is null ? "no" : "a")} pretraining plan was given");
        RunId = runId;
        RunSeed = runSeed;
        Config = config;
        Training = training;
        Pretrain = pretrain;
        ReportTraining = ReportTrainingPlan(runSeed, config, training);
    }

    /// <summary>The pretraining side of a pretraining run; null for a loss search.</summary>
    public PretrainPlan? Pretrain { get; }

    public string RunId { get; }

    public ulong RunSeed { get; }

    public SearchConfig Config { get; }

    public TrainingPlan Training { get; }

    /// <summary>How report agents are trained and evaluated: <see cref="Training"/> with the split's evaluation episodes.</summary>
    public TrainingPlan ReportTraining { get; }

    public int Generations => Config.Es.Generations;

    public int UnitSize => Config.Work.UnitSize;

    /// <summary>The MPO objective searched (mpo-1s or mpo-2s, from <c>objective.class</c>); a pretraining run searches a policy.</summary>
    public string SearchedObjective => Pretrain is null ? ObjectiveName(Config.Objective) : PolicyRollout.ObjectiveName;

    /// <summary>Length of the searched vector: 379 per learned function (math.md §3).</summary>
    public int Dimension => DimensionOf(Config.Objective);

    /// <summary>The hyperparameters every candidate carries (from the <c>objective</c> section).</summary>
    public IReadOnlyDictionary<string, double> SearchedHyperparameters =>
        Pretrain is null ? Hyperparameters(Config.Objective) : new Dictionary<string, double>();

    public static string ObjectiveName(ObjectiveConfig objective) => objective.Class == ObjectiveClass.OneStep ? "mpo-1s" : "mpo-2s";

    public static int DimensionOf(ObjectiveConfig objective) => objective.Learn.Count * MonotoneNetwork.ParameterCount;

    /// <summary>
    /// The catalog hyperparameters of the searched objective: λ and, when not 1, the margin scale (1s) or β and
    /// perTrajectory (2s), the input temperature, the log network input with its center when chosen (keys added
    /// later appear only away from their defaults, so candidates of runs journaled before them are unchanged), the
    /// bases (phiBase only when not auto: the objective's own default is the class's), the SFT weight when set,
    /// and the learned functions as explicit flags (the vector holds them in the order φ⁻¹, ψ, g).
    /// </summary>
    public static IReadOnlyDictionary<string, double> Hyperparameters(ObjectiveConfig objective)
    {
        var h = new Dictionary<string, double>();
        if (objective.Class == ObjectiveClass.OneStep)
        {
            h["lambda"] = objective.Lambda;
            if (objective.MarginScale != 1) h["marginScale"] = objective.MarginScale;
        }
        else
        {
            h["beta"] = objective.Beta;
            h["perTrajectory"] = objective.PerTrajectory ? 1 : 0;
        }
        h["inputTemperature"] = objective.InputTemperature;
        if (objective.NetworkInput == NetworkInput.Log)
        {
            h["inputLog"] = 1;
            h["inputCenter"] = objective.InputCenter;
        }
        if (objective.PhiBase != PhiBase.Auto) h["phiBase"] = objective.PhiBase == PhiBase.Logit ? 1 : 0;
        h["psiBase"] = objective.PsiBase == PsiBase.Identity ? 1 : 0;
        if (objective.SftWeight is { } weight) h["sftWeight"] = weight;
        h["learnPhi"] = objective.Learn.Contains(LearnedFunction.Phi) ? 1 : 0;
        h["learnPsi"] = objective.Learn.Contains(LearnedFunction.Psi) ? 1 : 0;
        h["learnG"] = objective.Learn.Contains(LearnedFunction.G) ? 1 : 0;
        return h;
    }

    /// <summary>The zero network: 1S-MPO starts at ORPO, 2S-MPO at DPO, exactly.</summary>
    public static double[] ZeroMean(SearchConfig config) => new double[DimensionOf(config.Objective)];

    public static TrainingPlan CreateTrainingPlan(SearchConfig config, ArtifactRef dataset, ArtifactRef agent) => new(
        Dataset: dataset,
        InitialAgent: agent,
        Epochs: config.Training.Epochs,
        SftEpochs: config.Training.SftEpochs,
        MinibatchPairs: config.Training.MinibatchPairs,
        LearningRate: config.Training.LearningRate,
        MaxGradNorm: config.Training.MaxGradNorm,
        EvaluationTask: YamlNames.Of(config.Task.Name),
        EpisodeLength: config.Task.EpisodeLength,
        EvaluationEpisodes: config.Evaluation.Episodes,
        EvaluationSeed: config.Evaluation.Seed,
        DeterministicEvaluation: config.Evaluation.Deterministic);

    /// <summary>
    /// The validation and held-out splits evaluate on episodes of their own: a seed from the run seed's stream of the
    /// split (never the search's <c>evaluation.seed</c>) and <c>report.episodes</c> of them.
    /// </summary>
    public static TrainingPlan ReportTrainingPlan(ulong runSeed, SearchConfig config, TrainingPlan training) => config.Report.Split switch
    {
        ReportSplit.Search => training,
        var split => training with
        {
            EvaluationEpisodes = config.Report.Episodes ?? config.Evaluation.Episodes,
            EvaluationSeed = CounterRng.Create(runSeed, split == ReportSplit.Validation ? ValidationEpisodesStream : HeldOutEpisodesStream, 0).UInt64At(0),
        },
    };

    /// <summary>Training seed s of the report's split, the same for every method, so methods compare paired by seed.</summary>
    public ulong ReportSeed(int s) =>
        CounterRng.Create(RunSeed, Config.Report.Split switch
        {
            ReportSplit.Validation => ValidationStream,
            ReportSplit.HeldOut => HeldOutStream,
            _ => ReportStream,
        }, (ulong)s).UInt64At(0);

    public int UnitCount(int candidates) => (candidates + UnitSize - 1) / UnitSize;

    public CandidateObjective Mpo(double[] parameters) => new(SearchedObjective, SearchedHyperparameters, parameters);

    /// <summary>Agents trained per candidate (<c>training.seedsPerCandidate</c>), each with its own training seed.</summary>
    public int SeedsPerCandidate => Pretrain is null ? Config.Training.SeedsPerCandidate : 1;

    /// <summary>Agents trained in a generation of <paramref name="population"/> candidates.</summary>
    public int GenerationAgents(int population) => population * SeedsPerCandidate;

    /// <summary>
    /// Training seed <paramref name="k"/> of generation <paramref name="generation"/>, shared by every candidate. Seed 0
    /// is the one runs journaled before several seeds per candidate existed used, so their units are unchanged.
    /// </summary>
    public ulong GenerationTrainingSeed(int generation, int k = 0) =>
        CounterRng.Create(RunSeed, TrainingStream, (ulong)generation).UInt64At((ulong)k);

    /// <summary>
    /// Agent i of a generation trains candidate i / s with the generation's seed i % s (s seeds per candidate); in a
    /// pretraining run, policy i is rolled out, acting through <paramref name="normalizer"/> when it normalizes observations.
    /// </summary>
    public WorkUnit GenerationUnit(int generation, int unitIndex, double[][] candidates, ObservationNormalizer? normalizer = null)
    {
        if (Pretrain is { } pretrain)
        {
            var (training, rollout) = pretrain.Generation(generation, normalizer);
            return new WorkUnit(new UnitId(RunId, generation, unitIndex), training,
                [.. Slots(unitIndex, candidates.Length).Select(i => new Candidate(i, PretrainPlan.Policy(candidates[i]), 0))], rollout);
        }
        var s = SeedsPerCandidate;
        var slots = Slots(unitIndex, GenerationAgents(candidates.Length))
            .Select(i => new Candidate(i, Mpo(candidates[i / s]), GenerationTrainingSeed(generation, i % s)))
            .ToArray();
        return new WorkUnit(new UnitId(RunId, generation, unitIndex), Training, slots);
    }

    /// <summary>
    /// Each candidate's fitness from its agents' returns (agent order of <see cref="GenerationUnit"/>): their mean, or
    /// NaN (failed) when any of its agents failed, so a loss that diverges on one seed never looks good.
    /// </summary>
    public double[] CandidateFitness(ReadOnlySpan<double> agentFitness)
    {
        var s = SeedsPerCandidate;
        if (agentFitness.Length % s != 0)
            throw new ArgumentException($"{agentFitness.Length} agent returns are not {s} per candidate", nameof(agentFitness));
        if (s == 1) return agentFitness.ToArray();
        var fitness = new double[agentFitness.Length / s];
        for (var c = 0; c < fitness.Length; c++)
        {
            var sum = 0.0;
            foreach (var f in agentFitness.Slice(c * s, s)) sum += f;
            fitness[c] = double.IsFinite(sum) ? sum / s : double.NaN;
        }
        return fitness;
    }

    /// <summary>
    /// Every agent of the report, each for every seed: the final mean, the best candidate (if any), the search's
    /// starting point (at the zero network: ORPO (1s) or DPO (2s) with the search's hyperparameters) (these three only
    /// when the run searched: a run of zero generations trains its baselines alone), each vector of
    /// <c>report.extra</c>, and each baseline with its hyperparameters (<c>report.hyperparameters</c> over the catalog
    /// defaults), once per point of its <c>report.grid</c>, labelled with them.
    /// </summary>
    public IReadOnlyList<ReportEntry> ReportEntries(double[] finalMean, double[]? bestParameters, double[] start)
    {
        if (Pretrain is not null) return [new ReportEntry(PretrainPlan.FinalMethod, 0, PretrainPlan.Policy(finalMean), 0)];
        var methods = new List<(string Method, CandidateObjective Objective)>();
        if (Generations > 0)
        {
            methods.Add((DiscoveredMean, Mpo(finalMean)));
            if (bestParameters is not null) methods.Add((DiscoveredBest, Mpo(bestParameters)));
            methods.Add((SearchStart, Mpo(start)));
        }
        foreach (var (label, vector) in Config.Report.Extra) methods.Add((label, Mpo([.. vector])));
        foreach (var baseline in Config.Report.Baselines)
        {
            var gridded = Config.Report.Grid.ContainsKey(baseline);
            foreach (var spec in Config.Report.Objectives(baseline))
                methods.Add((gridded ? HyperparameterGrid.Label(spec) : spec.Name, new CandidateObjective(spec.Name, spec.Hyperparameters, null)));
        }
        var entries = new List<ReportEntry>();
        foreach (var (method, objective) in methods)
            for (var s = 0; s < Config.Report.Seeds; s++)
                entries.Add(new ReportEntry(method, s, objective, ReportSeed(s)));
        return entries;
    }

    /// <param name="normalizer">A pretraining run's frozen observation normalization, which its final evaluation acts through.</param>
    public WorkUnit ReportUnit(int unitIndex, IReadOnlyList<ReportEntry> entries, ObservationNormalizer? normalizer = null)
    {
        if (Pretrain is { } pretrain)
        {
            var (training, rollout) = pretrain.Final(normalizer);
            return new WorkUnit(new UnitId(RunId, UnitId.ReportGeneration, unitIndex), training,
                [.. Slots(unitIndex, entries.Count).Select(i => new Candidate(i, entries[i].Objective, 0))], rollout);
        }
        var slots = Slots(unitIndex, entries.Count)
            .Select(i => new Candidate(i, entries[i].Objective, entries[i].TrainingSeed))
            .ToArray();
        return new WorkUnit(new UnitId(RunId, UnitId.ReportGeneration, unitIndex), ReportTraining, slots);
    }

    private IEnumerable<int> Slots(int unitIndex, int count)
    {
        var start = unitIndex * UnitSize;
        if (unitIndex < 0 || start >= count)
            throw new ArgumentOutOfRangeException(nameof(unitIndex), unitIndex, $"{count} candidates make {UnitCount(count)} units");
        return Enumerable.Range(start, Math.Min(UnitSize, count - start));
    }
}
