using EvoPo.Messages.Search;

namespace EvoPo.Coordinator.Search;

/// <summary>What a read-only replay of a run's journal found: its state, nothing (no such run), or why it could not be read.</summary>
public sealed record RunReplay(string RunId, SearchRunState? State, string? Error)
{
    /// <summary>The status when the journal alone decides (no live process holds the run).</summary>
    public RunStatus Status() =>
        Error is not null ? new RunStatus(RunId, "unreadable", 0, 0, "", double.NaN, 0, Error)
        : State is null ? new RunStatus(RunId, "unknown", 0, 0, "", double.NaN, 0, "the journal holds no run with this id")
        : State.Status(SearchRunView.JournalState(State));
}
