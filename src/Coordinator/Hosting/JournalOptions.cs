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
}
