namespace EvoPo.Coordinator.Dashboard;

/// <summary>Where the dashboard reads runs from; read-only by contract.</summary>
public interface IRunSource
{
    /// <summary>Ids of the runs to list (any order).</summary>
    Task<IReadOnlyList<string>> RunIdsAsync(CancellationToken cancellation);

    /// <summary>The run's journal events after <paramref name="afterSequenceNr"/>, in order, with their sequence numbers.</summary>
    Task<IReadOnlyList<(long SequenceNr, object Event)>> EventsAsync(string runId, long afterSequenceNr, CancellationToken cancellation);

    /// <summary>Whether a live process drives the run now.</summary>
    bool IsRunning(string runId);

    /// <summary>The run's <c>best.json</c>, or null where there is none (yet, or not on this machine).</summary>
    string? BestJsonPath(string runId);

    /// <summary>The run's start agent (fixes ℓ_max of the landscape), or null.</summary>
    string? StartAgentPath(string runId);
}
