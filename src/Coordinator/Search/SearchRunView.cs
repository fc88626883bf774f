using Akka.Actor;
using Akka.Persistence;
using EvoPo.Messages.Search;

namespace EvoPo.Coordinator.Search;

/// <summary>
/// Replays a run's journal without changing it and answers the state it lands on (<c>evopo status</c>, <c>runs</c>,
/// <c>report</c>). With <c>fromFirstEvent</c> it ignores snapshots, so per-generation unit timings are known for every
/// generation (the report's time breakdown); otherwise it starts from the latest snapshot, like the run itself.
/// </summary>
public sealed class SearchRunView : ReceivePersistentActor
{
    private readonly string _runId;
    private readonly TaskCompletionSource<RunReplay> _answer;
    private readonly bool _fromFirstEvent;
    private SearchRunState? _state;

    public SearchRunView(string runId, Func<RunCreated, SearchPlan> planFor, TaskCompletionSource<RunReplay> answer, bool fromFirstEvent)
    {
        _runId = runId;
        _answer = answer;
        _fromFirstEvent = fromFirstEvent;
        Recover<RecoveryCompleted>(_ =>
        {
            _answer.TrySetResult(new RunReplay(_runId, _state, null));
            Context.Stop(Self);
        });
        Recover<object>(entry => _state = SearchRunRecovery.Apply(_state, entry, planFor));
    }

    public static Akka.Actor.Props Props(string runId, Func<RunCreated, SearchPlan> planFor, TaskCompletionSource<RunReplay> answer, bool fromFirstEvent = false) =>
        Akka.Actor.Props.Create(() => new SearchRunView(runId, planFor, answer, fromFirstEvent));

    public override string PersistenceId => SearchRunActor.PersistenceIdFor(_runId);

    public override Recovery Recovery => _fromFirstEvent ? new Recovery(SnapshotSelectionCriteria.None) : base.Recovery;

    /// <summary>The state label when the journal alone decides (no live process holds the run).</summary>
    public static string JournalState(SearchRunState state) => state.Phase switch
    {
        RunPhase.Finished => "finished",
        RunPhase.Failed => "failed",
        RunPhase.Cancelled => "cancelled",
        _ => "stopped",
    };

    /// <summary>The reason goes to whoever asked (a run shown as unreadable with it), not to the log: the base class would
    /// log it with a stack trace, into the middle of <c>evopo runs --json</c>. Akka stops the view after this either way.</summary>
    protected override void OnRecoveryFailure(Exception reason, object? message = null) =>
        _answer.TrySetResult(new RunReplay(_runId, null, reason.Message));
}
