using Npgsql;

namespace EvoPo.Coordinator.Tests.EndToEnd;

/// <summary>
/// A database of one test's own on the shared test server (<see cref="PostgresFactAttribute"/>; its user may create
/// databases, as ./test sets it up), dropped afterwards: coordinators that take over every unfinished run of their journal
/// must not see the runs other tests left there.
/// </summary>
internal sealed class FreshPostgresDatabase : IDisposable
{
    private readonly string _name = $"evopo_test_{Guid.NewGuid():N}";

    public FreshPostgresDatabase() => Execute($"CREATE DATABASE {_name}");

    public string ConnectionString => new NpgsqlConnectionStringBuilder(PostgresFactAttribute.ConnectionString) { Database = _name }.ConnectionString;

    public void Dispose() => Execute($"DROP DATABASE IF EXISTS {_name} WITH (FORCE)");

    private static void Execute(string sql)
    {
        using var connection = new NpgsqlConnection(PostgresFactAttribute.ConnectionString);
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }
}
