namespace EvoPo.Coordinator.Hosting;

/// <summary>Akka.Persistence.Sql (linq2db) journal and snapshot store on one SQLite file.</summary>
public static class PersistenceHocon
{
    public static string Sqlite(string databasePath)
    {
        var connection = $"Data Source={Path.GetFullPath(databasePath)};Pooling=True";
        return $$"""
            akka.persistence {
              journal {
                plugin = "akka.persistence.journal.sql"
                sql {
                  class = "Akka.Persistence.Sql.Journal.SqlWriteJournal, Akka.Persistence.Sql"
                  connection-string = "{{connection}}"
                  provider-name = "SQLite.MS"
                  # SQLite has one writer; parallel write batches would only wait on its lock.
                  parallelism = 1
                  auto-initialize = on
                }
              }
              snapshot-store {
                plugin = "akka.persistence.snapshot-store.sql"
                sql {
                  class = "Akka.Persistence.Sql.Snapshot.SqlSnapshotStore, Akka.Persistence.Sql"
                  connection-string = "{{connection}}"
                  provider-name = "SQLite.MS"
                  auto-initialize = on
                }
              }
            }
            """;
    }
}
