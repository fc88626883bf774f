using System.Diagnostics;
using Akka.Actor;
using Akka.Cluster;
using Akka.Event;
using Akka.Persistence;
using EvoPo.Messages.Search;
using EvoPo.Messages.Work;

namespace EvoPo.Coordinator.Search;

/// <summary>
/// One search, persistent: it asks the ES for candidates (through <see cref="SearchRunState"/>), sends them as
/// work units to the sharded workers, persists each unit's fitness once, closes generations, trains the
/// report's agents and finishes. It only routes and persists; the maths lives in the state and the plan.
/// After a crash it recovers from its journal and re-sends only the units whose results were not stored.
/// </summary>
public sealed class SearchRunActor : ReceivePersistentActor, IWithTimers
{
    private readonly string _runId;
    private readonly Func<RunCreated, SearchPlan> _planFor;
    private readonly IActorRef _workers;
    private readonly IRunOutputs _outputs;
    private readonly SearchRunOptions _options;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly Dictionary<UnitId, DateTime> _inFlight = [];
    private readonly Dictionary<UnitId, int> _attempts = [];
    private readonly SlotTable _slots = new();
    private WorkerPool? _pool;
    private readonly Stopwatch _generationClock = new();
    private SearchRunState? _state;
    private bool _started;

    public SearchRunActor(string runId, Func<RunCreated, SearchPlan> planFor, IActorRef workers, IRunOutputs outputs, SearchRunOptions options)
    {
        _runId = runId;
        _planFor = planFor;
        _workers = workers;
        _outputs = outputs;
        _options = options;

        Recover<object>(entry => _state = SearchRunRecovery.Apply(_state, entry, _planFor));

        Command<StartSearch>(OnStart);
        Command<UnitResult>(OnResult);
        Command<UnitFailed>(OnUnitFailed);
        Command<GetRunStatus>(_ => Sender.Tell(_state?.Status(StateLabel()) ?? new RunStatus(_runId, "unknown", 0, 0, "", double.NaN, 0, "no such run")));
        Command<CheckOutstanding>(_ => Redispatch());
        Command<WorkerPool>(OnWorkerPool);
        Command<ClusterEvent.MemberRemoved>(removed => RedispatchAfterLoss(removed.Member));
        Command<ClusterEvent.UnreachableMember>(_ => { });
        Command<ClusterEvent.IClusterDomainEvent>(_ => { });
        Command<SaveSnapshotSuccess>(success => DeleteSnapshots(new SnapshotSelectionCriteria(success.Metadata.SequenceNr - 1)));
        Command<SaveSnapshotFailure>(failure => _log.Warning("run {0}: snapshot failed: {1}", _runId, failure.Cause.Message));
        Command<DeleteSnapshotsSuccess>(_ => { });
        Command<DeleteSnapshotsFailure>(failure => _log.Warning("run {0}: deleting old snapshots failed: {1}", _runId, failure.Cause.Message));
    }

    public static string PersistenceIdFor(string runId) => "search-" + runId;

    public static Props Props(string runId, Func<RunCreated, SearchPlan> planFor, IActorRef workers, IRunOutputs outputs, SearchRunOptions options) =>
        Akka.Actor.Props.Create(() => new SearchRunActor(runId, planFor, workers, outputs, options));

    public override string PersistenceId => PersistenceIdFor(_runId);

    public ITimerScheduler Timers { get; set; } = null!;

    protected override void PreStart()
    {
        base.PreStart();
        // A worker that leaves or dies takes its running units with it: send them again to the remaining workers' slots.
        Akka.Cluster.Cluster.Get(Context.System).Subscribe(Self, ClusterEvent.SubscriptionInitialStateMode.InitialStateAsEvents,
            typeof(ClusterEvent.MemberRemoved));
        // Units in flight are bounded by the workers' advertised capacity (NodeHello), kept by the node's gatekeeper.
        Context.System.EventStream.Subscribe(Self, typeof(WorkerPool));
        Context.ActorSelection("/user/gatekeeper").Tell(GetWorkerPool.Instance);
    }

    protected override void PostStop()
    {
        Akka.Cluster.Cluster.Get(Context.System).Unsubscribe(Self);
        SearchMetrics.RunEnded(_runId);
        base.PostStop();
    }

    private SearchRunState State => _state ?? throw new InvalidOperationException($"run {_runId} has no RunCreated event");

    protected override void OnRecoveryFailure(Exception reason, object? message = null)
    {
        _outputs.Failed(_runId, $"recovery failed: {reason.Message}");
        base.OnRecoveryFailure(reason, message);
    }

    private void OnStart(StartSearch start)
    {
        if (_started) return;
        if (_state is null)
        {
            if (start.Create is null)
            {
                _outputs.Failed(_runId, "the journal holds no run with this id");
                return;
            }
            _started = true;
            Persist(start.Create, created =>
            {
                _state = SearchRunState.Start(created, _planFor(created));
                Begin(resumed: false);
            });
            return;
        }
        _started = true;
        Begin(resumed: true);
    }

    private void Begin(bool resumed)
    {
        _outputs.Started(State, resumed);
        switch (State.Phase)
        {
            case RunPhase.Finished:
                _outputs.Finished(State);
                return;
            case RunPhase.Failed:
                _outputs.Failed(_runId, State.Failure!.Reason);
                return;
        }
        Timers.StartPeriodicTimer("outstanding", CheckOutstanding.Instance, _options.RedispatchCheck);
        Advance();
    }

    /// <summary>Closes the phase if every unit is in, otherwise makes sure every missing unit is on its way.</summary>
    private void Advance()
    {
        var state = State;
        SearchMetrics.SetPending(_runId, state.IsPhaseComplete ? 0 : state.UnitCount - state.CompletedUnits.Count);
        if (!state.IsPhaseComplete)
        {
            if (_inFlight.Count == 0 && !_generationClock.IsRunning) _generationClock.Restart();
            foreach (var unit in state.PendingUnits())
                if (!_inFlight.ContainsKey(unit.Id) && !Dispatch(unit)) break;
            return;
        }

        _inFlight.Clear();
        _slots.Clear();
        var wallSeconds = _generationClock.Elapsed.TotalSeconds;
        _generationClock.Reset();
        if (state.Phase == RunPhase.Searching)
        {
            var completed = state.CompleteGeneration(wallSeconds);
            // A generation without one finite fitness gives ES nothing to follow: every later one would fail alike.
            if (completed.FailedCandidates >= state.Plan.Config.Es.Population)
            {
                FailRun($"every candidate of generation {completed.Generation + 1} failed (training diverged or produced non-finite " +
                        "parameters): the search cannot move; check objective.start and the objective's settings");
                return;
            }
            var persisting = Stopwatch.GetTimestamp();
            Persist(completed, generation =>
            {
                SearchMetrics.Persisted(nameof(GenerationCompleted), Stopwatch.GetElapsedTime(persisting));
                SearchMetrics.GenerationCompleted(wallSeconds);
                State.Apply(generation);
                _outputs.GenerationCompleted(State, generation);
                if ((generation.Generation + 1) % State.Plan.Config.Es.SnapshotEvery == 0) SaveSnapshot(State.ToSnapshot());
                Advance();
            });
            return;
        }

        _outputs.ReportReady(state);
        Persist(new RunFinished(state.Es.MeanDigest(), DateTime.UtcNow), finished =>
        {
            State.Apply(finished);
            Timers.CancelAll();
            SearchMetrics.RunEnded(_runId);
            _outputs.Finished(State);
        });
    }

    /// <summary>Sends the unit in its slot (a re-send keeps the slot); false when every slot is busy.</summary>
    private bool Dispatch(WorkUnit unit)
    {
        if (_slots.Assign(unit.Id) is not { } slot) return false;
        _inFlight[unit.Id] = DateTime.UtcNow;
        _workers.Tell(new SlotWorkUnit(slot, unit));
        return true;
    }

    private void OnWorkerPool(WorkerPool pool)
    {
        _pool = pool;
        var before = _slots.Capacity;
        var orphans = _slots.SetWorkers(pool.Workers.Select(w => (w.Address, w.Capacity)));
        if (pool.Capacity != before)
            _log.Info("run {0}: {1} worker(s), capacity {2}", _runId, pool.Workers.Count, pool.Capacity);
        SendAgain(orphans, "its worker left the pool");
    }

    private void OnResult(UnitResult result)
    {
        var problem = _state is null ? "run not started" : _state.Rejects(result.Id, result.Fitness);
        if (problem is not null)
        {
            _log.Debug("run {0}: ignoring result of {1}: {2}", _runId, result.Id, problem);
            return;
        }
        var capacity = _pool?.Workers.FirstOrDefault(w => w.Address == result.Worker)?.Capacity ?? 0;
        var completed = new UnitCompleted(result.Id, result.Fitness, result.TrainSeconds, result.EvalSeconds, result.Worker,
            capacity, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        var persisting = Stopwatch.GetTimestamp();
        Persist(completed, unit =>
        {
            SearchMetrics.Persisted(nameof(UnitCompleted), Stopwatch.GetElapsedTime(persisting));
            // A duplicate answer may have been persisted while this one waited; the state refuses it twice.
            if (State.Rejects(unit.Id, unit.Fitness) is not null) return;
            State.Apply(unit);
            _inFlight.Remove(unit.Id);
            _slots.Release(unit.Id);
            _outputs.UnitCompleted(State, unit);
            Advance();
        });
    }

    private void OnUnitFailed(UnitFailed failed)
    {
        if (_state is null || !_inFlight.ContainsKey(failed.Id)) return;
        var attempts = _attempts[failed.Id] = _attempts.GetValueOrDefault(failed.Id) + 1;
        _log.Warning("run {0}: unit {1} failed on {2} (attempt {3}/{4}): {5}", _runId, failed.Id, failed.Worker, attempts, _options.MaxUnitAttempts, failed.Reason);
        if (attempts < _options.MaxUnitAttempts)
        {
            Dispatch(State.Unit(failed.Id.UnitIndex));
            return;
        }
        FailRun($"unit {failed.Id} failed {attempts} times, last on {failed.Worker}: {failed.Reason}");
    }

    private void FailRun(string reason) =>
        Persist(new RunFailed(reason, DateTime.UtcNow), runFailed =>
        {
            State.Apply(runFailed);
            Timers.CancelAll();
            SearchMetrics.RunEnded(_runId);
            _inFlight.Clear();
            _slots.Clear();
            _outputs.Failed(_runId, reason);
        });

    private void Redispatch()
    {
        if (_state is null || _state.Phase is RunPhase.Finished or RunPhase.Failed) return;
        var now = DateTime.UtcNow;
        foreach (var (id, sent) in _inFlight.ToArray())
        {
            if (now - sent < _options.RedispatchAfter) continue;
            _log.Info("run {0}: no answer for unit {1} after {2:F0} s, sending it again", _runId, id, (now - sent).TotalSeconds);
            Dispatch(State.Unit(id.UnitIndex));
        }
    }

    private void RedispatchAfterLoss(Member member)
    {
        if (_state is null || !member.HasRole("worker")) return;
        SendAgain(_slots.RemoveWorker(member.Address.ToString()), $"worker {member.Address} left the cluster");
    }

    /// <summary>Units whose worker is gone lost their slot: they go to free slots on the remaining workers.</summary>
    private void SendAgain(IReadOnlyList<UnitId> orphans, string why)
    {
        foreach (var unit in orphans) _inFlight.Remove(unit);
        if (orphans.Count > 0) _log.Warning("run {0}: {1}; sending its {2} unit(s) again", _runId, why, orphans.Count);
        if (_started && _state is { Phase: RunPhase.Searching or RunPhase.Reporting } && !_state.IsPhaseComplete) Advance();
    }

    private string StateLabel() => State.Phase switch
    {
        RunPhase.Finished => "finished",
        RunPhase.Failed => "failed",
        _ => "running",
    };

    private sealed class CheckOutstanding
    {
        public static readonly CheckOutstanding Instance = new();
    }
}
