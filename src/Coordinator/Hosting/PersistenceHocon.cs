namespace EvoPo.Coordinator.Hosting;

/// <summary>Akka.Persistence.Sql (linq2db) journal and snapshot store: SQLite embedded, PostgreSQL in cluster mode.</summary>
public static class PersistenceHocon
{
    public static string For(JournalOptions journal)
    {
        var connection = journal.ConnectionString.Replace("\\", "\\\\").Replace("\"", "\\\"");
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
}
