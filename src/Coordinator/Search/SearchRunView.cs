using Akka.Actor;
using Akka.Persistence;
using EvoPo.Messages.Search;

namespace EvoPo.Coordinator.Search;

/// <summary>Replays a run's journal without running anything and completes <c>answer</c> with its status (for <c>evopo status</c>).</summary>
public sealed class SearchRunView : ReceivePersistentActor
{
    private readonly string _runId;
    private readonly TaskCompletionSource<RunStatus> _answer;
    private SearchRunState? _state;

    public SearchRunView(string runId, Func<RunCreated, SearchPlan> planFor, TaskCompletionSource<RunStatus> answer)
    {
        _runId = runId;
        _answer = answer;
        Recover<RecoveryCompleted>(_ =>
        {
            _answer.TrySetResult(_state is null
                ? new RunStatus(_runId, "unknown", 0, 0, "", double.NaN, 0, "the journal holds no run with this id")
                : _state.Status(JournalState(_state)));
            Context.Stop(Self);
        });
        Recover<object>(entry => _state = SearchRunRecovery.Apply(_state, entry, planFor));
    }

    public static Props Props(string runId, Func<RunCreated, SearchPlan> planFor, TaskCompletionSource<RunStatus> answer) =>
        Akka.Actor.Props.Create(() => new SearchRunView(runId, planFor, answer));

    public override string PersistenceId => SearchRunActor.PersistenceIdFor(_runId);

    /// <summary>The state label when the journal alone decides (no live process holds the run).</summary>
    public static string JournalState(SearchRunState state) => state.Phase switch
    {
        RunPhase.Finished => "finished",
        RunPhase.Failed => "failed",
        _ => "stopped",
    };

    protected override void OnRecoveryFailure(Exception reason, object? message = null)
    {
        _answer.TrySetResult(new RunStatus(_runId, "unreadable", 0, 0, "", double.NaN, 0, reason.Message));
        base.OnRecoveryFailure(reason, message);
    }
}
