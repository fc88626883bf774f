using EvoPo.Messages.Search;

namespace EvoPo.Coordinator.Search;

/// <summary>
/// Side effects of a run (files in its folder, console progress). The SearchRun actor calls these after the
/// event is persisted; every call rewrites its output from the state, so a replayed call is harmless.
/// </summary>
public interface IRunOutputs
{
    /// <summary>The run begins in this process; a resumed one rewrites what earlier generations wrote.</summary>
    void Started(SearchRunState state, bool resumed);

    void UnitCompleted(SearchRunState state, UnitCompleted unit);

    void GenerationCompleted(SearchRunState state, GenerationCompleted generation);

    /// <summary>
    /// Every report agent is trained: write the report before the run is marked finished. Runs on a task, off the
    /// actor; while it runs nothing changes the state. What it throws fails the run with the reason (journaled).
    /// </summary>
    void ReportReady(SearchRunState state);

    void Finished(SearchRunState state);

    /// <summary>The run failed for good (journaled); a fixed input lets <c>evopo resume --retry</c> reopen it.</summary>
    void Failed(string runId, string reason);

    /// <summary>A user cancelled the run (journaled): it is over for good.</summary>
    void Cancelled(string runId, string reason);

    /// <summary>
    /// The run cannot go on in this process (its files cannot be written, its journal cannot be replayed), but nothing
    /// is journaled as failed: once the cause is fixed, <c>evopo resume</c> continues it.
    /// </summary>
    void Stopped(string runId, string reason);

    /// <summary>Something that a restart may cure went wrong (the journal is unreachable): the run restarts from its journal after a back-off.</summary>
    void Restarting(string runId, string reason);
}
