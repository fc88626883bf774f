using Akka.Persistence;
using EvoPo.Messages.Search;

namespace EvoPo.Coordinator.Search;

/// <summary>The one place that folds journal entries into a <see cref="SearchRunState"/>, shared by the running actor and read-only views.</summary>
public static class SearchRunRecovery
{
    public static SearchRunState? Apply(SearchRunState? state, object entry, Func<RunCreated, SearchPlan> planFor)
    {
        switch (entry)
        {
            case SnapshotOffer { Snapshot: SearchSnapshot snapshot }:
                return SearchRunState.FromSnapshot(snapshot, planFor(snapshot.Created));
            case RunCreated created:
                return SearchRunState.Start(created, planFor(created));
            case UnitCompleted unit:
                Require(state, entry).Apply(unit);
                return state;
            case GenerationCompleted generation:
                Require(state, entry).Apply(generation);
                return state;
            case RunFinished finished:
                Require(state, entry).Apply(finished);
                return state;
            case RunFailed failed:
                Require(state, entry).Apply(failed);
                return state;
            case RunCancelled cancelled:
                Require(state, entry).Apply(cancelled);
                return state;
            case RunReopened reopened:
                Require(state, entry).Apply(reopened);
                return state;
            default:
                return state;
        }
    }

    private static SearchRunState Require(SearchRunState? state, object entry) =>
        state ?? throw new InvalidOperationException($"journal entry {entry.GetType().Name} comes before the run's RunCreated event");
}
