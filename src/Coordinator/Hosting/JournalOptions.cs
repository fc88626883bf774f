namespace EvoPo.Coordinator.Hosting;

/// <summary>Where the journal lives: an Akka.Persistence.Sql provider name (linq2db) and its connection string.</summary>
public sealed record JournalOptions(string ProviderName, string ConnectionString)
{
    public const string SqliteProvider = "SQLite.MS";
    public const string PostgresProvider = "PostgreSQL.15";

    public static JournalOptions Sqlite(string databasePath) =>
        new(SqliteProvider, $"Data Source={Path.GetFullPath(databasePath)};Pooling=True");

    public static JournalOptions Postgres(string connectionString) => new(PostgresProvider, connectionString);

    public bool IsSqlite => ProviderName == SqliteProvider;

    /// <summary>The journal as a message names it: "the journal /data/runs/evopo.db", or "the PostgreSQL journal" (no credentials).</summary>
    public string Describe() => IsSqlite
        ? $"the journal {new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(ConnectionString).DataSource}"
        : "the PostgreSQL journal";
}
