using EvoPo.Coordinator.Cli;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace EvoPo.Coordinator.Hosting;

/// <summary>
/// Opens the journal's database once before the actor system starts. Akka.Persistence.Sql only logs a failed
/// connection and retries forever, so without this a wrong host or password looks like a search that hangs. A
/// corrupt SQLite journal (truncated, garbage, a directory) would likewise be retried for 30 s with thousands of lines
/// of stack traces: it is checked read-only (<c>PRAGMA quick_check</c>) and named in one line.
/// </summary>
public static class JournalPreflight
{
    public static async Task CheckAsync(JournalOptions journal, CancellationToken cancellation)
    {
        if (journal.IsSqlite)
        {
            await CheckSqliteAsync(new SqliteConnectionStringBuilder(journal.ConnectionString).DataSource, cancellation);
            return;
        }
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
        try
        {
            await using var connection = new NpgsqlConnection(builder.ConnectionString);
            await connection.OpenAsync(cancellation);
        }
        catch (Exception e) when (e is NpgsqlException or InvalidOperationException or TimeoutException)
        {
            var message = e.InnerException is { } inner && inner.Message != e.Message ? $"{e.Message} ({inner.Message})" : e.Message;
            throw new CliException(
                $"cannot open the PostgreSQL journal at {builder.Host}:{builder.Port}, database '{builder.Database}', user '{builder.Username}': {message}");
        }
    }

    /// <summary>A missing file is fine (the journal is created on first use); one that exists must be a sound database.</summary>
    private static async Task CheckSqliteAsync(string path, CancellationToken cancellation)
    {
        if (Directory.Exists(path)) throw new CliException($"the SQLite journal {path} is a directory, not a database file");
        if (!File.Exists(path)) return;
        string? problem;
        try
        {
            var readOnly = new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false };
            await using var connection = new SqliteConnection(readOnly.ConnectionString);
            await connection.OpenAsync(cancellation);
            await using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA quick_check(1)";
            var result = await command.ExecuteScalarAsync(cancellation) as string;
            problem = result == "ok" ? null : $"quick_check: {result}";
        }
        catch (SqliteException e)
        {
            problem = e.Message.Replace("SQLite Error ", "error ", StringComparison.Ordinal);
        }
        if (problem is not null)
            throw new CliException($"the SQLite journal {path} cannot be read ({problem}); restore it from a backup or move it away (its runs cannot be resumed without it)");
    }
}
