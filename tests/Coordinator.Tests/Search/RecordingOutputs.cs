using System.Collections.Concurrent;
using EvoPo.Coordinator.Search;
using EvoPo.Messages.Search;

namespace EvoPo.Coordinator.Tests.Search;

/// <summary>A run's outputs as a test sees them: how it ended, and what happened on the way; hooks make a step throw.</summary>
internal sealed class RecordingOutputs : IRunOutputs
{
    private int _units;
    private int _generations;
    private int _reports;

    /// <summary>"finished &lt;digest&gt;", "failed: &lt;reason&gt;" or "stopped: &lt;reason&gt;", once the run ends in this process.</summary>
    public TaskCompletionSource<string> Outcome { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public ConcurrentQueue<string> Restarts { get; } = new();

    public int Units => _units;

    public int Generations => _generations;

    public int Reports => _reports;

    /// <summary>Called in <see cref="UnitCompleted"/>; a test makes it throw.</summary>
    public Action? OnUnit { get; set; }

    public Action? OnGeneration { get; set; }

    public Action? OnReport { get; set; }

    public void Started(SearchRunState state, bool resumed) { }

    public void UnitCompleted(SearchRunState state, UnitCompleted unit)
    {
        Interlocked.Increment(ref _units);
        OnUnit?.Invoke();
    }

    public void GenerationCompleted(SearchRunState state, GenerationCompleted generation)
    {
        Interlocked.Increment(ref _generations);
        OnGeneration?.Invoke();
    }

    public void ReportReady(SearchRunState state)
    {
        Interlocked.Increment(ref _reports);
        OnReport?.Invoke();
    }

    public void Finished(SearchRunState state) => Outcome.TrySetResult("finished " + state.Es.MeanDigest());

    public void Failed(string runId, string reason) => Outcome.TrySetResult("failed: " + reason);

    public void Cancelled(string runId, string reason) => Outcome.TrySetResult("cancelled: " + reason);

    public void Stopped(string runId, string reason) => Outcome.TrySetResult("stopped: " + reason);

    public void Restarting(string runId, string reason) => Restarts.Enqueue(reason);
}
