namespace EvoPo.Coordinator.Hosting;

/// <summary>Akka.Persistence.Sql (linq2db) journal and snapshot store: SQLite embedded, PostgreSQL in cluster mode.</summary>
public static class PersistenceHocon
{
    public static string For(JournalOptions journal)
    {
        var connection = Quoted(journal.ConnectionString);
        // SQLite has one writer; parallel write batches would only wait on its lock.
        var parallelism = journal.IsSqlite ? "parallelism = 1" : "";
        return $$"""
            akka.persistence {
              journal {
                plugin = "akka.persistence.journal.sql"
                sql {
                  class = "Akka.Persistence.Sql.Journal.SqlWriteJournal, Akka.Persistence.Sql"
                  connection-string = "{{connection}}"
                  provider-name = "{{journal.ProviderName}}"
                  {{parallelism}}
                  auto-initialize = on
                }
              }
              snapshot-store {
                plugin = "akka.persistence.snapshot-store.sql"
                sql {
                  class = "Akka.Persistence.Sql.Snapshot.SqlSnapshotStore, Akka.Persistence.Sql"
                  connection-string = "{{connection}}"
                  provider-name = "{{journal.ProviderName}}"
                  auto-initialize = on
                }
              }
            }
            """;
    }

    /// <summary>The Akka.Persistence.Query plugin over the same journal (<c>akka.persistence.query.journal.sql</c>): lists
    /// and reads events without a persistent actor. Its table settings come from the journal plugin's config.</summary>
    public static string QueryFor(JournalOptions journal)
    {
        var connection = Quoted(journal.ConnectionString);
        return $$"""
            akka.persistence.query.journal.sql {
              class = "Akka.Persistence.Sql.Query.SqlReadJournalProvider, Akka.Persistence.Sql"
              write-plugin = "akka.persistence.journal.sql"
              connection-string = "{{connection}}"
              provider-name = "{{journal.ProviderName}}"
            }
            """;
    }

    /// <summary>A connection string as the inside of a HOCON double-quoted string.</summary>
    public static string Quoted(string connectionString) => connectionString.Replace("\\", "\\\\").Replace("\"", "\\\"");
}
