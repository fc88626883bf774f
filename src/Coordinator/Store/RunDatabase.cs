using System.Data.Common;
using EvoPo.Coordinator.Hosting;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace EvoPo.Coordinator.Store;

/// <summary>
/// The journal's database reached with plain ADO.NET for the tables that are ours, not Akka's: run artifacts
/// (<see cref="RunArtifactStore"/>), run leases (<see cref="RunLeases"/>) and cancel requests (<see cref="RunCancelRequests"/>). SQLite (the embedded journal file) or
/// PostgreSQL (the cluster journal); the two differ only in the few SQL fragments here. Times are the database's clock, in
/// milliseconds since 1970, so that machines whose clocks disagree still agree on whether a lease has expired.
/// </summary>
public sealed class RunDatabase(JournalOptions journal)
{
    private volatile bool _created;

    public JournalOptions Journal => journal;

    public bool IsSqlite => journal.IsSqlite;

    /// <summary>The database's clock now, in milliseconds since 1970 (a SQL expression).</summary>
    public string NowMillis => IsSqlite
        ? "CAST(ROUND((julianday('now') - 2440587.5) * 86400000.0) AS INTEGER)"
        : "CAST(EXTRACT(EPOCH FROM clock_timestamp()) * 1000 AS BIGINT)";

    private string Schema => $"""
        CREATE TABLE IF NOT EXISTS evopo_blobs (hash TEXT PRIMARY KEY, content {(IsSqlite ? "BLOB" : "BYTEA")} NOT NULL);
        CREATE TABLE IF NOT EXISTS evopo_run_files (run_id TEXT NOT NULL, name TEXT NOT NULL, hash TEXT NOT NULL, PRIMARY KEY (run_id, name));
        CREATE TABLE IF NOT EXISTS evopo_run_leases (run_id TEXT PRIMARY KEY, holder TEXT NOT NULL, expires_at BIGINT NOT NULL);
        CREATE TABLE IF NOT EXISTS evopo_run_cancels (run_id TEXT PRIMARY KEY, reason TEXT NOT NULL);
        """;

    /// <summary>A connection with our tables in place (created once per process when missing).</summary>
    public async Task<DbConnection> OpenAsync(CancellationToken cancellation)
    {
        var connection = await OpenRawAsync(readOnly: false, cancellation);
        if (_created) return connection;
        try
        {
            await ExecuteAsync(connection, Schema, cancellation);
        }
        catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.UniqueViolation or PostgresErrorCodes.DuplicateTable)
        {
            // Two processes created the tables at the same moment (CREATE TABLE IF NOT EXISTS races in PostgreSQL): they exist now.
        }
        _created = true;
        return connection;
    }

    /// <summary>
    /// A connection for reading only, creating nothing (status, runs and the dashboard never write); null when a SQLite
    /// journal file is not there. Queries on it meet <see cref="IsMissingTable"/> where no run was ever stored.
    /// </summary>
    public async Task<DbConnection?> OpenForReadingAsync(CancellationToken cancellation)
    {
        if (IsSqlite && !File.Exists(new SqliteConnectionStringBuilder(journal.ConnectionString).DataSource)) return null;
        return await OpenRawAsync(readOnly: true, cancellation);
    }

    /// <summary>Whether a query failed only because our tables were never created in this database.</summary>
    public static bool IsMissingTable(Exception e) =>
        e is PostgresException { SqlState: PostgresErrorCodes.UndefinedTable }
        || e is SqliteException sqlite && sqlite.Message.Contains("no such table", StringComparison.Ordinal);

    public static DbCommand Command(DbConnection connection, string sql, params (string Name, object Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value;
            command.Parameters.Add(parameter);
        }
        return command;
    }

    public static async Task<int> ExecuteAsync(DbConnection connection, string sql, CancellationToken cancellation, params (string Name, object Value)[] parameters)
    {
        await using var command = Command(connection, sql, parameters);
        return await command.ExecuteNonQueryAsync(cancellation);
    }

    private async Task<DbConnection> OpenRawAsync(bool readOnly, CancellationToken cancellation)
    {
        DbConnection connection = IsSqlite
            ? new SqliteConnection(new SqliteConnectionStringBuilder(journal.ConnectionString)
            {
                Mode = readOnly ? SqliteOpenMode.ReadOnly : SqliteOpenMode.ReadWriteCreate,
                // The journal writes to the same file: wait for its lock rather than fail.
                DefaultTimeout = 30,
            }.ConnectionString)
            : new NpgsqlConnection(journal.ConnectionString);
        try
        {
            await connection.OpenAsync(cancellation);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }
}
