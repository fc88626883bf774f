using EvoPo.Coordinator.Cli;
using Npgsql;

namespace EvoPo.Coordinator.Hosting;

/// <summary>
/// Opens the journal's database once before the actor system starts. Akka.Persistence.Sql only logs a failed
/// connection and retries forever, so without this a wrong host or password looks like a search that hangs.
/// </summary>
public static class JournalPreflight
{
    public static async Task CheckAsync(JournalOptions journal, CancellationToken cancellation)
    {
        if (journal.IsSqlite) return;
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
}
