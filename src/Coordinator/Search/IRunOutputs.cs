using EvoPo.Messages.Search;

namespace EvoPo.Coordinator.Search;

/// <summary>
/// Side effects of a run (files in its folder, console progress). The SearchRun actor calls these after the
/// event is persisted; every call rewrites its output from the state, so a replayed call is harmless.
/// </summary>
public interface IRunOutputs
{
    void Started(SearchRunState state, bool resumed);

    void UnitCompleted(SearchRunState state, UnitCompleted unit);

    void GenerationCompleted(SearchRunState state, GenerationCompleted generation);

    /// <summary>Every report agent is trained: write the report before the run is marked finished.</summary>
    void ReportReady(SearchRunState state);

    void Finished(SearchRunState state);

    void Failed(string runId, string reason);
}
