using EvoPo.Coordinator.Cli;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace EvoPo.Coordinator.Hosting;

/// <summary>
/// Opens the journal's database once before the actor system starts. Akka.Persistence.Sql only logs a failed
/// connection and retries forever, so without this a wrong host or password looks like a search that hangs. A
/// corrupt SQLite journal (truncated, garbage, a directory) would likewise be retried for 30 s with thousands of lines
/// of stack traces: it is checked read-only (<c>PRAGMA quick_check</c>) and named in one line. <see cref="ProbeAsync"/>
/// is the cheap form that <c>/readyz</c> repeats while the node runs.
/// </summary>
public static class JournalPreflight
{
    public static async Task CheckAsync(JournalOptions journal, CancellationToken cancellation)
    {
        if (journal.IsSqlite)
        {
            var path = SqliteFile(journal);
            // A missing file is fine here: the journal creates it on first use.
            if (File.Exists(path)) await QuerySqliteAsync(path, "PRAGMA quick_check(1)", cancellation);
            return;
        }
        await QueryPostgresAsync(journal, query: null, cancellation);
    }

    /// <summary>
    /// Whether the journal of a running node is still there, cheaply (probes come every few seconds): the SQLite file
    /// exists and its header reads as a database (no scan, unlike <c>quick_check</c>), or PostgreSQL answers <c>SELECT 1</c>
    /// on a new connection (a pooled one would not notice a restarted server).
    /// </summary>
    /// <exception cref="CliException">The journal is gone or does not answer; the message names it.</exception>
    public static async Task ProbeAsync(JournalOptions journal, CancellationToken cancellation)
    {
        if (!journal.IsSqlite)
        {
            await QueryPostgresAsync(journal, "SELECT 1", cancellation);
            return;
        }
        var path = SqliteFile(journal);
        if (!File.Exists(path)) throw new CliException($"the SQLite journal {path} does not exist (deleted or moved, or not created yet)");
        await QuerySqliteAsync(path, "PRAGMA schema_version", cancellation);
    }

    /// <summary>The journal's file path, refused when it is a directory.</summary>
    private static string SqliteFile(JournalOptions journal)
    {
        var path = new SqliteConnectionStringBuilder(journal.ConnectionString).DataSource;
        if (Directory.Exists(path)) throw new CliException($"the SQLite journal {path} is a directory, not a database file");
        return path;
    }

    /// <summary>Opens a new connection to the PostgreSQL journal and runs <paramref name="query"/> on it, if any.</summary>
    private static async Task QueryPostgresAsync(JournalOptions journal, string? query, CancellationToken cancellation)
    {
        NpgsqlConnectionStringBuilder builder;
        try
        {
            builder = new NpgsqlConnectionStringBuilder(journal.ConnectionString);
        }
        catch (ArgumentException e)
        {
            throw new CliException($"the PostgreSQL connection string is not valid: {e.Message}");
        }
        if (builder.Timeout == 15) builder.Timeout = 10;
        if (query is not null) builder.Pooling = false;
        try
        {
            await using var connection = new NpgsqlConnection(builder.ConnectionString);
            await connection.OpenAsync(cancellation);
            if (query is null) return;
            await using var command = new NpgsqlCommand(query, connection);
            await command.ExecuteScalarAsync(cancellation);
        }
        catch (Exception e) when (e is NpgsqlException or InvalidOperationException or TimeoutException)
        {
            var message = e.InnerException is { } inner && inner.Message != e.Message ? $"{e.Message} ({inner.Message})" : e.Message;
            throw new CliException(
                $"cannot open the PostgreSQL journal at {builder.Host}:{builder.Port}, database '{builder.Database}', user '{builder.Username}': {message}");
        }
    }

    private const int ReadOnlyError = 8;

    private static async Task<string?> PragmaProblemAsync(string path, string pragma, SqliteOpenMode mode, CancellationToken cancellation)
    {
        var builder = new SqliteConnectionStringBuilder { DataSource = path, Mode = mode, Pooling = false };
        await using var connection = new SqliteConnection(builder.ConnectionString);
        await connection.OpenAsync(cancellation);
        await using var command = connection.CreateCommand();
        command.CommandText = pragma;
        var result = await command.ExecuteScalarAsync(cancellation);
        return result is not string text || text == "ok" ? null : $"{pragma}: {text}";
    }

    /// <summary>
    /// Runs <paramref name="pragma"/> on a read-only connection (read-write when the file holds a write-ahead log to recover);
    /// anything but "ok" (or a value) names the file.
    /// </summary>
    private static async Task QuerySqliteAsync(string path, string pragma, CancellationToken cancellation)
    {
        string? problem = null;
        // A process killed mid-write leaves a hot write-ahead log that only a writer may recover (SQLITE_READONLY_RECOVERY):
        // then the probe recovers it as the journal's own first connection would, without creating anything (the file exists).
        foreach (var mode in new[] { SqliteOpenMode.ReadOnly, SqliteOpenMode.ReadWrite })
        {
            try
            {
                problem = await PragmaProblemAsync(path, pragma, mode, cancellation);
                break;
            }
            catch (SqliteException e)
            {
                problem = e.Message.Replace("SQLite Error ", "error ", StringComparison.Ordinal);
                if (e.SqliteErrorCode != ReadOnlyError) break;
            }
        }
        if (problem is not null)
            throw new CliException($"the SQLite journal {path} cannot be read ({problem}); restore it from a backup or move it away (its runs cannot be resumed without it)");
    }
}
