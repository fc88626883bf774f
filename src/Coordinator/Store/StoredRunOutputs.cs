using EvoPo.Coordinator.Runs;
using EvoPo.Coordinator.Search;
using EvoPo.Messages.Search;

namespace EvoPo.Coordinator.Store;

/// <summary>
/// A run's outputs written to its folder (by <paramref name="inner"/>) and then copied into the run store, so that
/// another coordinator can take the run over with them: best.json and history.csv after each generation, every file of
/// the folder when the run ends or stops here. Copies run one after another off the run's actor; one that fails is named
/// on the run's console and the run goes on (the folder and the journal still have everything).
/// </summary>
public sealed class StoredRunOutputs(IRunOutputs inner, RunFolderStore store, RunFolder folder, TextWriter console) : IRunOutputs
{
    private static readonly string[] PerGeneration = ["best.json", "history.csv"];

    private readonly Lock _gate = new();
    private Task _pending = Task.CompletedTask;
    private volatile bool _ended;

    /// <summary>Whether the run ended for good here (finished, failed or cancelled), not merely stopped.</summary>
    public bool Ended => _ended;

    /// <summary>Completes once every copy asked for so far is in the store (or failed and was named).</summary>
    public Task FlushAsync()
    {
        lock (_gate) return _pending;
    }

    /// <summary>Copies every file of the folder (the run stops here) and completes once that and every earlier copy are done.</summary>
    public Task CopyAllAsync()
    {
        Copy(null);
        return FlushAsync();
    }

    public void Started(SearchRunState state, bool resumed) => inner.Started(state, resumed);

    public void UnitCompleted(SearchRunState state, UnitCompleted unit) => inner.UnitCompleted(state, unit);

    public void GenerationCompleted(SearchRunState state, GenerationCompleted generation)
    {
        inner.GenerationCompleted(state, generation);
        Copy(PerGeneration);
    }

    public void ReportReady(SearchRunState state) => inner.ReportReady(state);

    public void Finished(SearchRunState state)
    {
        _ended = true;
        inner.Finished(state);
        Copy(null);
    }

    public void Failed(string runId, string reason)
    {
        _ended = true;
        inner.Failed(runId, reason);
        Copy(null);
    }

    public void Cancelled(string runId, string reason)
    {
        _ended = true;
        inner.Cancelled(runId, reason);
        Copy(null);
    }

    public void Stopped(string runId, string reason)
    {
        inner.Stopped(runId, reason);
        Copy(null);
    }

    public void Restarting(string runId, string reason) => inner.Restarting(runId, reason);

    /// <summary>Queues a copy of the named files (every shared file when null).</summary>
    private void Copy(string[]? names)
    {
        lock (_gate)
            _pending = _pending.ContinueWith(async _ =>
            {
                try
                {
                    await store.StoreAsync(folder, names, CancellationToken.None);
                }
                catch (Exception e) when (e is System.Data.Common.DbException or IOException or UnauthorizedAccessException or InvalidOperationException)
                {
                    console.WriteLine($"run {folder.RunId}: could not copy {(names is null ? "its files" : string.Join(", ", names))} into the run store: {e.Message}");
                }
            }, TaskScheduler.Default).Unwrap();
    }
}
