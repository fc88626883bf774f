using System.Data.Common;

namespace EvoPo.Coordinator.Store;

/// <summary>
/// Who drives which run, in the journal database (<c>evopo_run_leases</c>: run id, holder, expiry on the database's
/// clock). A coordinator takes a run's lease before it drives the run and renews it every few seconds; the lease is
/// taken atomically, and only when nobody holds it, its holder let it go, or it expired (the holder died or lost the
/// database). A run whose lease is live is "running" for anyone who reads the database. A row stays after its holder
/// lets go of an unfinished run (expired at once), which marks the run as one that coordinators take over; a run that
/// ended drops its row.
/// </summary>
public sealed class RunLeases(RunDatabase database, string holder)
{
    public string Holder => holder;

    /// <summary>Takes the run's lease, or renews it when this holder has it; false when another holder's lease is live.</summary>
    public async Task<bool> TryAcquireAsync(string runId, TimeSpan ttl, CancellationToken cancellation)
    {
        await using var connection = await database.OpenAsync(cancellation);
        var now = database.NowMillis;
        return await RunDatabase.ExecuteAsync(connection,
            $"INSERT INTO evopo_run_leases (run_id, holder, expires_at) VALUES (@run, @holder, {now} + @ttl) " +
            "ON CONFLICT (run_id) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at " +
            $"WHERE evopo_run_leases.expires_at < {now} OR evopo_run_leases.holder = excluded.holder",
            cancellation, ("@run", runId), ("@holder", holder), ("@ttl", (long)ttl.TotalMilliseconds)) == 1;
    }

    /// <summary>Lets go of an unfinished run: its lease expires now, so another coordinator may take it over at once.</summary>
    public async Task ReleaseAsync(string runId, CancellationToken cancellation)
    {
        await using var connection = await database.OpenAsync(cancellation);
        await RunDatabase.ExecuteAsync(connection, "UPDATE evopo_run_leases SET expires_at = 0 WHERE run_id = @run AND holder = @holder",
            cancellation, ("@run", runId), ("@holder", holder));
    }

    /// <summary>Forgets the lease of a run that ended (finished, failed, cancelled): nobody is to take it over.</summary>
    public async Task EndAsync(string runId, CancellationToken cancellation)
    {
        await using var connection = await database.OpenAsync(cancellation);
        await RunDatabase.ExecuteAsync(connection, $"DELETE FROM evopo_run_leases WHERE run_id = @run AND (holder = @holder OR expires_at < {database.NowMillis})",
            cancellation, ("@run", runId), ("@holder", holder));
    }

    /// <summary>Runs whose lease has expired or was let go: coordinator-hosted runs that nobody drives now.</summary>
    public async Task<IReadOnlyList<string>> ExpiredAsync(CancellationToken cancellation) =>
        await RunIdsAsync(database, $"SELECT run_id FROM evopo_run_leases WHERE expires_at < {database.NowMillis} ORDER BY run_id", cancellation);

    /// <summary>Runs whose lease is live: driven by some coordinator now. Creates nothing (status and the dashboard call it).</summary>
    public static async Task<IReadOnlySet<string>> LiveAsync(RunDatabase database, CancellationToken cancellation) =>
        (await RunIdsAsync(database, $"SELECT run_id FROM evopo_run_leases WHERE expires_at >= {database.NowMillis}", cancellation))
        .ToHashSet(StringComparer.Ordinal);

    private static async Task<IReadOnlyList<string>> RunIdsAsync(RunDatabase database, string sql, CancellationToken cancellation)
    {
        await using var connection = await database.OpenForReadingAsync(cancellation);
        if (connection is null) return [];
        try
        {
            await using var command = RunDatabase.Command(connection, sql);
            await using var reader = await command.ExecuteReaderAsync(cancellation);
            var ids = new List<string>();
            while (await reader.ReadAsync(cancellation)) ids.Add(reader.GetString(0));
            return ids;
        }
        catch (DbException e) when (RunDatabase.IsMissingTable(e))
        {
            return [];
        }
    }
}
