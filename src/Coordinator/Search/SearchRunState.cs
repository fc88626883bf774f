using EvoPo.Coordinator.Es;
using EvoPo.Messages.Search;
using EvoPo.Messages.Work;
using EvoPo.Simulation.Normalization;

namespace EvoPo.Coordinator.Search;

/// <summary>
/// A search run as a pure fold over its events (no actors, no I/O): the SearchRun actor persists an event, then
/// applies it here; recovery applies the same events in the same order and lands on the same state. A
/// <see cref="GenerationCompleted"/> is re-derived from the stored unit fitness on replay and its mean digest
/// checked, so a journal that no longer matches the code fails loudly instead of drifting.
/// </summary>
public sealed class SearchRunState
{
    private readonly Dictionary<int, UnitCompleted> _units = [];
    private readonly List<GenerationCompleted> _history = [];
    private readonly SortedDictionary<string, WorkerTally> _workers = new(StringComparer.Ordinal);
    private readonly Dictionary<int, GenerationTiming> _timings = [];
    private readonly IStrategy _strategy;
    private double[][]? _candidates;
    private IReadOnlyList<ReportEntry>? _reportEntries;
    // A pretraining run that normalizes observations: the statistics of every closed generation's rollouts, merged in
    // candidate order, and the normalizer they freeze for the current generation's units.
    private ObservationStatistics? _observations;
    private ObservationNormalizer? _normalizer;

    private SearchRunState(RunCreated created, SearchPlan plan, EsState es)
    {
        Created = created;
        Plan = plan;
        _strategy = StrategyFor(created, plan);
        Es = es;
        if (plan.Pretrain is { LearnsObservationStatistics: true } pretrain) _observations = new ObservationStatistics(pretrain.Template.Shape.ObsDim);
    }

    public static SearchRunState Start(RunCreated created, SearchPlan plan) =>
        new(created, plan, StrategyFor(created, plan).Initialize(created.InitialMean));

    /// <summary>A run restored from its snapshot; <see cref="InvalidDataException"/> when the snapshot's ES state is unreadable or of another strategy than the run's config.</summary>
    public static SearchRunState FromSnapshot(SearchSnapshot snapshot, SearchPlan plan)
    {
        var es = snapshot.Strategy is { } envelope ? EsStateCodec.Unwrap(envelope)
            : snapshot.State is { } legacy ? EsStateCodec.FromLegacy(legacy)
            : throw new InvalidDataException($"run {snapshot.Created.RunId}: its snapshot holds no ES state");
        var configured = plan.Config.ToEsSettings().Strategy;
        if (EsStateCodec.KindOf(es) != configured)
            throw new InvalidDataException($"run {snapshot.Created.RunId}: its snapshot holds a {StrategyNames.Of(EsStateCodec.KindOf(es))} state, " +
                                           $"its config names {StrategyNames.Of(configured)}");
        var state = new SearchRunState(snapshot.Created, plan, es);
        if (state._observations is not null)
        {
            var moments = snapshot.Observations
                ?? throw new InvalidDataException($"run {snapshot.Created.RunId}: it normalizes observations, but its snapshot holds no observation statistics");
            state._observations = Statistics(moments);
        }
        state._history.AddRange(snapshot.History);
        foreach (var unit in snapshot.CompletedUnits) state.Apply(unit);
        // The snapshot's tallies already count its completed units.
        if (snapshot.Workers is { } workers)
        {
            state._workers.Clear();
            foreach (var worker in workers) state._workers[worker.Address] = worker;
        }
        return state;
    }

    public RunCreated Created { get; }

    public SearchPlan Plan { get; }

    public EsState Es { get; private set; }

    public IReadOnlyList<GenerationCompleted> History => _history;

    /// <summary>
    /// Worker seconds spent training and evaluating, per completed generation, for the generations whose units this
    /// state saw (a state restored from a snapshot knows them only from the snapshot on; a full replay knows all).
    /// </summary>
    public IReadOnlyDictionary<int, GenerationTiming> Timings => _timings;

    public RunFinished? Finished { get; private set; }

    public RunFailed? Failure { get; private set; }

    public RunCancelled? Cancellation { get; private set; }

    /// <summary>Whether the run has ended (finished, failed or cancelled); a failed one may still be reopened.</summary>
    public bool HasEnded => Phase is RunPhase.Finished or RunPhase.Failed or RunPhase.Cancelled;

    public RunPhase Phase =>
        Cancellation is not null ? RunPhase.Cancelled
        : Failure is not null ? RunPhase.Failed
        : Finished is not null ? RunPhase.Finished
        : Es.Generation >= Plan.Generations ? RunPhase.Reporting
        : RunPhase.Searching;

    /// <summary>The generation whose units are being collected; <see cref="UnitId.ReportGeneration"/> while reporting.</summary>
    public int CurrentGeneration => Phase == RunPhase.Reporting ? UnitId.ReportGeneration : Es.Generation;

    public int UnitCount => Phase switch
    {
        RunPhase.Searching => Plan.UnitCount(Plan.GenerationAgents(_strategy.Population)),
        RunPhase.Reporting => Plan.UnitCount(ReportEntries.Count),
        _ => 0,
    };

    public IReadOnlyCollection<UnitCompleted> CompletedUnits => _units.Values;

    public bool IsPhaseComplete => Phase is RunPhase.Searching or RunPhase.Reporting && _units.Count == UnitCount;

    public IReadOnlyList<ReportEntry> ReportEntries => _reportEntries ??= Plan.ReportEntries(Es.Mean, Es.BestParameters, Created.InitialMean);

    /// <summary>
    /// The observation normalization the current generation's policies act through: a pretraining run's running
    /// statistics, or the start agent's own frozen one; null for raw observations (and for a loss search).
    /// </summary>
    public ObservationNormalizer? Normalizer => _observations is null ? Plan.Pretrain?.Template.Normalizer : _normalizer ??= _observations.ToNormalizer();

    public IEnumerable<WorkUnit> PendingUnits() =>
        Enumerable.Range(0, UnitCount).Where(u => !_units.ContainsKey(u)).Select(Unit);

    public WorkUnit Unit(int unitIndex) => Phase switch
    {
        RunPhase.Searching => Plan.GenerationUnit(Es.Generation, unitIndex, Candidates(), Normalizer),
        RunPhase.Reporting => Plan.ReportUnit(unitIndex, ReportEntries, Normalizer),
        _ => throw new InvalidOperationException($"run {Created.RunId} is {Phase}: it has no units"),
    };

    /// <summary>Why a result cannot be applied now (stale, duplicate, malformed), or null when it can.</summary>
    /// <param name="observations">A pretraining unit's observation statistics, one per candidate, which a run that normalizes needs.</param>
    public string? Rejects(UnitId id, double[] fitness, ObservationMoments[]? observations = null)
    {
        if (id.RunId != Created.RunId) return $"unit {id} belongs to another run";
        if (HasEnded) return $"run is {Phase}";
        if (id.Generation != CurrentGeneration) return $"unit {id} is not of the current generation {CurrentGeneration}";
        if (id.UnitIndex < 0 || id.UnitIndex >= UnitCount) return $"unit {id} is outside [0, {UnitCount})";
        if (_units.ContainsKey(id.UnitIndex)) return $"unit {id} is already complete";
        var expected = Unit(id.UnitIndex).Candidates.Length;
        if (fitness.Length != expected) return $"unit {id} returned {fitness.Length} fitness values for {expected} candidates";
        if (_observations is not null && Phase == RunPhase.Searching &&
            (observations is null || observations.Length != expected || observations.Any(o => o.Mean.Length != _observations.Dimension || o.M2.Length != _observations.Dimension)))
            return $"unit {id} returned no observation statistics of {_observations.Dimension} dimensions for each of its {expected} candidates";
        return null;
    }

    public void Apply(UnitCompleted completed)
    {
        if (Rejects(completed.Id, completed.Fitness, completed.Observations) is { } problem) throw new InvalidOperationException(problem);
        _units[completed.Id.UnitIndex] = completed;
        var tally = _workers.GetValueOrDefault(completed.Worker) ?? new WorkerTally(completed.Worker, 0, 0, 0, 0);
        _workers[completed.Worker] = tally.Add(completed);
    }

    /// <summary>Per worker address: units done for this run, its capacity, when it last answered.</summary>
    public IReadOnlyCollection<WorkerTally> Workers => _workers.Values;

    /// <summary>The event that closes the current generation; not applied until the caller has persisted it.</summary>
    public GenerationCompleted CompleteGeneration(double wallSeconds)
    {
        var (result, compute) = Step();
        var stats = result.Stats;
        return new GenerationCompleted(stats.Generation, result.State.MeanDigest(), stats.Mean, stats.Max, stats.Min, stats.Std,
            stats.FailedCount, Es.StepSize, wallSeconds, compute);
    }

    public void Apply(GenerationCompleted completed)
    {
        if (Phase != RunPhase.Searching || completed.Generation != Es.Generation)
            throw new InvalidOperationException($"generation {completed.Generation} completed while the run is {Phase} at generation {Es.Generation}");
        var (result, _) = Step();
        var digest = result.State.MeanDigest();
        if (digest != completed.MeanDigest)
            throw new ReplayMismatchException(
                $"run {Created.RunId}: generation {completed.Generation} recomputes to mean {digest[..12]}, the journal recorded {completed.MeanDigest[..12]}");
        Es = result.State;
        if (_observations is not null)
        {
            foreach (var unit in _units.Values.OrderBy(u => u.Id.UnitIndex))
                foreach (var moments in unit.Observations!) _observations.Merge(Statistics(moments));
            _normalizer = null;
        }
        _history.Add(completed);
        _timings[completed.Generation] = new GenerationTiming(_units.Values.Sum(u => u.TrainSeconds), _units.Values.Sum(u => u.EvalSeconds));
        _units.Clear();
        _candidates = null;
        _reportEntries = null;
    }

    /// <summary>The report agents trained so far (all of them once the run is finished), in entry order.</summary>
    public IReadOnlyList<ReportResult> ReportResults()
    {
        if (Phase != RunPhase.Reporting && Phase != RunPhase.Finished) return [];
        var fitness = Fitness(ReportEntries.Count);
        return ReportEntries
            .Select((e, i) => (Entry: e, Index: i))
            .Where(x => _units.ContainsKey(x.Index / Plan.UnitSize))
            .Select(x => new ReportResult(x.Entry, fitness[x.Index]))
            .ToArray();
    }

    public void Apply(RunFinished finished)
    {
        if (!IsPhaseComplete || Phase != RunPhase.Reporting)
            throw new InvalidOperationException($"run {Created.RunId} cannot finish while {Phase} with {_units.Count}/{UnitCount} units");
        Finished = finished;
    }

    public void Apply(RunFailed failed) => Failure = failed;

    public void Apply(RunCancelled cancelled) => Cancellation = cancelled;

    /// <summary>The failure is over: the run is where it was when it failed, so it goes on to the same end.</summary>
    public void Apply(RunReopened reopened)
    {
        if (Phase != RunPhase.Failed)
            throw new InvalidOperationException($"run {Created.RunId} cannot be reopened while {Phase}");
        Failure = null;
    }

    public SearchSnapshot ToSnapshot() => new(
        Created,
        null,
        _history.ToArray(),
        _units.Values.OrderBy(u => u.Id.UnitIndex).ToArray(),
        _workers.Values.ToArray(),
        EsStateCodec.Wrap(Es),
        _observations is null ? null : new ObservationMoments(_observations.Count, _observations.Mean.ToArray(), _observations.M2.ToArray()));

    public RunStatus Status(string state) => new(
        Created.RunId, state, Es.Generation, Plan.Generations, Es.MeanDigest(), Es.BestFitness,
        _units.Count, Cancellation?.Reason ?? Failure?.Reason, _workers.Values.ToArray());

    private double[][] Candidates() => _candidates ??= _strategy.Ask(Es);

    private (EsTellResult Result, double ComputeSeconds) Step()
    {
        if (!IsPhaseComplete || Phase != RunPhase.Searching)
            throw new InvalidOperationException($"generation {Es.Generation} has {_units.Count}/{UnitCount} units complete");
        var fitness = Plan.CandidateFitness(Fitness(Plan.GenerationAgents(_strategy.Population)));
        var compute = _units.Values.Sum(u => u.TrainSeconds + u.EvalSeconds);
        return (_strategy.Tell(Es, Candidates(), fitness), compute);
    }

    private static ObservationStatistics Statistics(ObservationMoments moments) => new(moments.Count, moments.Mean, moments.M2);

    private static IStrategy StrategyFor(RunCreated created, SearchPlan plan) =>
        Strategies.Create(plan.Config.ToEsSettings(), created.Seed, created.InitialMean.Length);

    private double[] Fitness(int count)
    {
        var fitness = new double[count];
        foreach (var unit in _units.Values)
            unit.Fitness.CopyTo(fitness, unit.Id.UnitIndex * Plan.UnitSize);
        return fitness;
    }
}
