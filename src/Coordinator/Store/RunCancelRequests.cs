namespace EvoPo.Coordinator.Store;

/// <summary>
/// Cancellations asked of a coordinator that does not drive the run (<c>evopo_run_cancels</c>: run id → reason): the
/// coordinator that holds the run's lease takes the request at its next renewal and cancels the run (journaled as
/// <c>RunCancelled</c>). So a cancel sent to any coordinator behind one Service reaches the run.
/// </summary>
public sealed class RunCancelRequests(RunDatabase database)
{
    /// <summary>Asks for the run to be cancelled (a second request before it is taken keeps the first reason).</summary>
    public async Task RequestAsync(string runId, string reason, CancellationToken cancellation)
    {
        await using var connection = await database.OpenAsync(cancellation);
        await RunDatabase.ExecuteAsync(connection, "INSERT INTO evopo_run_cancels (run_id, reason) VALUES (@run, @reason) ON CONFLICT (run_id) DO NOTHING",
            cancellation, ("@run", runId), ("@reason", reason));
    }

    /// <summary>The reason of the run's pending request, removed as it is read (so it is acted on once); null when none.</summary>
    public async Task<string?> TakeAsync(string runId, CancellationToken cancellation)
    {
        await using var connection = await database.OpenAsync(cancellation);
        await using var command = RunDatabase.Command(connection, "DELETE FROM evopo_run_cancels WHERE run_id = @run RETURNING reason", ("@run", runId));
        return await command.ExecuteScalarAsync(cancellation) as string;
    }
}
