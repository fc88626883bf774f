using System.Diagnostics;
using Akka.Actor;
using Akka.Cluster;
using Akka.Event;
using Akka.Pattern;
using Akka.Persistence;
using EvoPo.Messages.Cluster;
using EvoPo.Messages.Search;
using EvoPo.Messages.Work;

namespace EvoPo.Coordinator.Search;

/// <summary>
/// One search, persistent: it asks the ES for candidates (through <see cref="SearchRunState"/>), sends them as
/// work units to the sharded workers, persists each unit's fitness once, closes generations, trains the
/// report's agents and finishes. It only routes and persists; the maths lives in the state and the plan.
/// It begins by itself once recovered from its journal (how, <see cref="StartSearch"/>, is given at creation), so a
/// restart by its <see cref="SearchRunSupervisor"/> re-sends only the units whose results were not stored and goes on.
/// The report is written on a task piped back to it; files that cannot be written stop the run in this process
/// (<see cref="IRunOutputs.Stopped"/>) instead of failing the actor.
/// </summary>
public sealed class SearchRunActor : ReceivePersistentActor, IWithTimers
{
    private readonly string _runId;
    private readonly StartSearch _start;
    private readonly Func<RunCreated, SearchPlan> _planFor;
    private readonly IRunOutputs _outputs;
    private readonly SearchRunOptions _options;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly UnitDispatch _dispatch;
    private WorkerPool? _pool;
    private long? _generationStarted;
    private SearchRunState? _state;
    private bool _started;
    private bool _reporting;
    private bool _journalProven;

    public SearchRunActor(string runId, StartSearch start, Func<RunCreated, SearchPlan> planFor, IActorRef workers, IRunOutputs outputs,
        SearchRunOptions options)
    {
        _runId = runId;
        _start = start;
        _planFor = planFor;
        _outputs = outputs;
        _options = options;
        _dispatch = new UnitDispatch(runId, workers, options);

        Recover<RecoveryCompleted>(_ => Self.Tell(BeginRun.Instance));
        Recover<object>(entry => _state = SearchRunRecovery.Apply(_state, entry, _planFor));

        Command<BeginRun>(_ => OnBegin());
        Command<UnitResult>(OnResult);
        Command<UnitFailed>(OnUnitFailed);
        Command<GetRunStatus>(_ => ReplyStatus("running"));
        Command<CancelRun>(OnCancel);
        Command<DispatchSignals.CheckOutstanding>(_ => Redispatch());
        Command<WorkerPool>(OnWorkerPool);
        Command<DispatchSignals.QuarantineOver>(_ => UsePool());
        Command<DispatchSignals.SlotFreed>(_ => SendAgain([], "a slot came back"));
        Command<ReportWritten>(_ =>
        {
            if (!State.HasEnded) Finish();
        });
        Command<ReportFailed>(failed =>
        {
            _reporting = false;
            if (State.HasEnded) return;
            FailRun($"the report could not be written: {failed.Reason}");
        });
        Command<ClusterEvent.MemberRemoved>(removed => RedispatchAfterLoss(removed.Member));
        Command<ClusterEvent.UnreachableMember>(_ => { });
        Command<ClusterEvent.IClusterDomainEvent>(_ => { });
        Command<SaveSnapshotSuccess>(success => DeleteSnapshots(new SnapshotSelectionCriteria(success.Metadata.SequenceNr - 1)));
        Command<SaveSnapshotFailure>(failure => _log.Warning("run {0}: snapshot failed: {1}", _runId, failure.Cause.Message));
        Command<DeleteSnapshotsSuccess>(_ => { });
        Command<DeleteSnapshotsFailure>(failure => _log.Warning("run {0}: deleting old snapshots failed: {1}", _runId, failure.Cause.Message));
    }

    public static string PersistenceIdFor(string runId) => "search-" + runId;

    /// <summary>The bare actor; a node runs it under <see cref="SearchRunSupervisor.Props"/>.</summary>
    public static Props Props(string runId, StartSearch start, Func<RunCreated, SearchPlan> planFor, IActorRef workers, IRunOutputs outputs,
        SearchRunOptions options) =>
        Akka.Actor.Props.Create(() => new SearchRunActor(runId, start, planFor, workers, outputs, options));

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
        // Units still running on workers keep nothing in the ledger: a restarted run sends them again into slots it takes anew.
        _dispatch.Leave();
        SearchMetrics.RunEnded(_runId);
        base.PostStop();
    }

    private SearchRunState State => _state ?? throw new InvalidOperationException($"run {_runId} has no RunCreated event");

    private DateTimeOffset Now => _options.Clock.GetUtcNow();

    protected override void OnRecoveryFailure(Exception reason, object? message = null)
    {
        // Recovery stops the actor either way. An entry that was read but cannot be applied fails every replay alike;
        // a journal that could not be read (database down) may be back after the supervisor's back-off.
        if (message is not null) _outputs.Stopped(_runId, $"its journal cannot be replayed: {reason.Message}");
        else _outputs.Restarting(_runId, $"its journal could not be read: {reason.Message}");
    }

    /// <summary>The journal did not store an event: stop, and the supervisor restarts the run from what it did store.</summary>
    protected override void OnPersistFailure(Exception cause, object @event, long sequenceNr)
    {
        _outputs.Restarting(_runId, $"the journal did not store {@event.GetType().Name}: {cause.Message}");
        Context.Stop(Self);
    }

    /// <summary>The journal refused an event (it cannot be serialized or stored as it is): trying again cannot help.</summary>
    protected override void OnPersistRejected(Exception cause, object @event, long sequenceNr) =>
        Halt($"the journal refused {@event.GetType().Name}: {cause.Message}");

    private void OnBegin()
    {
        if (_state is null)
        {
            if (_start.Create is null)
            {
                // Not a failure of the run (there is none to fail): nothing is journaled.
                _outputs.Stopped(_runId, "the journal holds no run with this id");
                return;
            }
            Persist(_start.Create, created =>
            {
                Stored();
                _state = SearchRunState.Start(created, _planFor(created));
                Begin(resumed: false);
            });
            return;
        }
        if (_start.Retry && _state.Phase == RunPhase.Failed)
        {
            Persist(new RunReopened(_state.Failure!.Reason, Now.UtcDateTime), reopened =>
            {
                Stored();
                State.Apply(reopened);
                Begin(resumed: true);
            });
            return;
        }
        Begin(resumed: true);
    }

    private void Begin(bool resumed)
    {
        _started = true;
        if (!Output(() => _outputs.Started(State, resumed))) return;
        switch (State.Phase)
        {
            case RunPhase.Finished:
                _outputs.Finished(State);
                return;
            case RunPhase.Failed:
                _outputs.Failed(_runId, State.Failure!.Reason);
                return;
            case RunPhase.Cancelled:
                _outputs.Cancelled(_runId, State.Cancellation!.Reason);
                return;
        }
        Timers.StartPeriodicTimer("outstanding", DispatchSignals.CheckOutstanding.Instance, _options.RedispatchCheck);
        UsePool();
        Advance();
    }

    /// <summary>Closes the phase if every unit is in, otherwise makes sure every missing unit is on its way.</summary>
    private void Advance()
    {
        var state = State;
        SearchMetrics.SetPending(_runId, state.IsPhaseComplete ? 0 : state.UnitCount - state.CompletedUnits.Count);
        if (!state.IsPhaseComplete)
        {
            if (_dispatch.InFlight == 0) _generationStarted ??= _options.Clock.GetTimestamp();
            WantSlots(_dispatch.Fill(state.PendingUnits()));
            return;
        }

        _dispatch.Clear();
        WantSlots(0);
        var wallSeconds = _generationStarted is { } started ? _options.Clock.GetElapsedTime(started).TotalSeconds : 0;
        _generationStarted = null;
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
                Stored();
                SearchMetrics.Persisted(nameof(GenerationCompleted), Stopwatch.GetElapsedTime(persisting));
                SearchMetrics.GenerationCompleted(wallSeconds);
                State.Apply(generation);
                if (!Output(() => _outputs.GenerationCompleted(State, generation))) return;
                if ((generation.Generation + 1) % State.Plan.Config.Es.SnapshotEvery == 0) SaveSnapshot(State.ToSnapshot());
                Advance();
            });
            return;
        }

        // Every report agent is in. The report evaluates agents and draws plots from files that may be missing or
        // corrupt: off the actor thread, and whatever it throws comes back as ReportFailed.
        if (_reporting) return;
        _reporting = true;
        Task.Run(() => _outputs.ReportReady(state)).PipeTo(Self,
            success: () => ReportWritten.Instance,
            failure: e => new ReportFailed(e.Message));
    }

    private void Finish() =>
        Persist(new RunFinished(State.Es.MeanDigest(), Now.UtcDateTime), finished =>
        {
            Stored();
            State.Apply(finished);
            Timers.CancelAll();
            SearchMetrics.RunEnded(_runId);
            _outputs.Finished(State);
        });

    /// <summary>Tells the node's ledger how many units wait for a slot, and wakes this run when one comes back.</summary>
    private void WantSlots(int waiting)
    {
        var self = Self;
        _dispatch.Want(State.Plan.Config.Run.Priority, waiting, () => self.Tell(DispatchSignals.SlotFreed.Instance));
    }

    private void OnWorkerPool(WorkerPool pool)
    {
        _pool = pool;
        UsePool();
    }

    /// <summary>
    /// Gives slots to the workers of the pool this run admits; units in slots that are gone are sent again. Before the
    /// run has its state (a new run persisting its creation) the pool is only kept: which workers it admits is in its config.
    /// </summary>
    private void UsePool()
    {
        if (_pool is null || _state is null) return;
        var work = _state.Plan.Config.Work;
        var (orphans, refusals, capacity, workers) = _dispatch.UsePool(_pool, worker => WorkerAdmission.Refusal(worker, work));
        foreach (var refusal in refusals) _log.Warning("run {0}: {1}", _runId, refusal);
        if (capacity is not null) _log.Info("run {0}: {1} worker(s), capacity {2}", _runId, workers, capacity);
        SendAgain(orphans, "its worker left the pool");
    }

    private void OnResult(UnitResult result)
    {
        var problem = _state is null ? "run not started" : _state.Rejects(result.Id, result.Fitness, result.Observations);
        if (problem is not null)
        {
            _log.Debug("run {0}: ignoring result of {1}: {2}", _runId, result.Id, problem);
            return;
        }
        _dispatch.Succeeded(result.Worker);
        var capacity = _pool?.Workers.FirstOrDefault(w => w.Address == result.Worker)?.Capacity ?? 0;
        var completed = new UnitCompleted(result.Id, result.Fitness, result.TrainSeconds, result.EvalSeconds, result.Worker,
            capacity, Now.ToUnixTimeMilliseconds(), result.Observations);
        var persisting = Stopwatch.GetTimestamp();
        Persist(completed, unit =>
        {
            Stored();
            SearchMetrics.Persisted(nameof(UnitCompleted), Stopwatch.GetElapsedTime(persisting));
            // A duplicate answer may have been persisted while this one waited; the state refuses it twice.
            if (State.Rejects(unit.Id, unit.Fitness, unit.Observations) is not null) return;
            State.Apply(unit);
            _dispatch.Done(unit.Id);
            if (!Output(() => _outputs.UnitCompleted(State, unit))) return;
            Advance();
        });
    }

    private void OnUnitFailed(UnitFailed failed)
    {
        if (_state is null || !_dispatch.IsInFlight(failed.Id)) return;
        var (attempts, quarantined) = _dispatch.Failed(failed.Id, failed.Worker);
        _log.Warning("run {0}: unit {1} failed on {2} (attempt {3}/{4}): {5}", _runId, failed.Id, failed.Worker, attempts, _options.MaxUnitAttempts, failed.Reason);
        if (attempts >= _options.MaxUnitAttempts)
        {
            FailRun($"unit {failed.Id} failed {attempts} times, last on {failed.Worker}: {failed.Reason}");
            return;
        }
        if (quarantined is { } until)
        {
            _log.Warning("run {0}: worker {1} failed {2} units in a row: it gets no units for {3:F0} s", _runId, failed.Worker,
                _options.QuarantineAfterFailures, (until - Now).TotalSeconds);
            Timers.StartSingleTimer("quarantine " + failed.Worker, DispatchSignals.QuarantineOver.Instance, until - Now);
            UsePool();
        }
        Advance();
    }

    private void FailRun(string reason) =>
        Persist(new RunFailed(reason, Now.UtcDateTime), runFailed =>
        {
            Stored();
            State.Apply(runFailed);
            StopWork();
            _outputs.Failed(_runId, reason);
        });

    /// <summary>The run sends no more units: its timers stop and its slots go back to the node's other runs.</summary>
    private void StopWork()
    {
        Timers.CancelAll();
        SearchMetrics.RunEnded(_runId);
        _dispatch.Clear();
        _dispatch.Leave();
    }

    /// <summary>A user's cancel: journaled, the run sends nothing more and answers its (cancelled) status; an ended run only answers.</summary>
    private void OnCancel(CancelRun cancel)
    {
        // A new run that has not persisted its creation yet: after BeginRun (queued before this), which stores it.
        if (_state is null && _start.Create is not null)
        {
            Self.Forward(cancel);
            return;
        }
        if (_state is null || _state.HasEnded)
        {
            ReplyStatus("stopped");
            return;
        }
        var asker = Sender;
        Persist(new RunCancelled(cancel.Reason, Now.UtcDateTime), cancelled =>
        {
            Stored();
            State.Apply(cancelled);
            StopWork();
            asker.Tell(State.Status("cancelled"));
            _outputs.Cancelled(_runId, cancelled.Reason);
        });
    }

    /// <summary>
    /// The run cannot go on in this process, though nothing it journaled is wrong: no more work is sent, nothing more is
    /// persisted, and the session ends with the reason; <c>evopo resume</c> continues once the cause is fixed.
    /// </summary>
    private void Halt(string reason)
    {
        StopWork();
        Become(() =>
        {
            Command<GetRunStatus>(_ => ReplyStatus("stopped"));
            CommandAny(_ => { });
        });
        _outputs.Stopped(_runId, reason);
    }

    /// <summary>Writes the run's files; one that cannot be written (permissions, disk full) halts the run with its reason.</summary>
    private bool Output(Action write)
    {
        try
        {
            write();
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Halt($"writing its files failed: {e.Message}");
            return false;
        }
    }

    /// <summary>
    /// The journal works: the supervisor counts restarts from zero again, so only restarts in a row without one event
    /// stored in between add up to a lasting outage.
    /// </summary>
    private void Stored()
    {
        if (_journalProven) return;
        _journalProven = true;
        Context.Parent.Tell(BackoffSupervisor.Reset.Instance);
    }

    private void Redispatch()
    {
        if (_state is null || _state.HasEnded) return;
        foreach (var (id, waited) in _dispatch.Overdue())
        {
            _log.Info("run {0}: no answer for unit {1} after {2:F0} s, sending it again", _runId, id, waited.TotalSeconds);
            _dispatch.Send(State.Unit(id.UnitIndex));
        }
    }

    private void RedispatchAfterLoss(Member member)
    {
        if (_state is null || !member.HasRole("worker")) return;
        SendAgain(_dispatch.WorkerLeft(member.Address.ToString()), $"worker {member.Address} left the cluster");
    }

    /// <summary>Units whose worker is gone lost their slot: they go to free slots on the remaining workers.</summary>
    private void SendAgain(IReadOnlyList<UnitId> orphans, string why)
    {
        if (orphans.Count > 0) _log.Warning("run {0}: {1}; sending its {2} unit(s) again", _runId, why, orphans.Count);
        if (_started && _state is { Phase: RunPhase.Searching or RunPhase.Reporting } && !_state.IsPhaseComplete) Advance();
    }

    private void ReplyStatus(string live)
    {
        var label = _state?.Phase switch
        {
            RunPhase.Finished => "finished",
            RunPhase.Failed => "failed",
            RunPhase.Cancelled => "cancelled",
            _ => live,
        };
        Sender.Tell(_state?.Status(label) ?? new RunStatus(_runId, "unknown", 0, 0, "", double.NaN, 0, "no such run"));
    }

    /// <summary>Recovery is complete: begin (or continue) the run.</summary>
    private sealed class BeginRun
    {
        public static readonly BeginRun Instance = new();
    }

    private sealed class ReportWritten
    {
        public static readonly ReportWritten Instance = new();
    }

    private sealed record ReportFailed(string Reason);
}
