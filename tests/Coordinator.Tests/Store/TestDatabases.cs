using EvoPo.Coordinator.Hosting;
using EvoPo.Coordinator.Store;
using EvoPo.Coordinator.Tests.EndToEnd;

namespace EvoPo.Coordinator.Tests.Store;

/// <summary>The two databases the run store lives in: a fresh SQLite file, or the test PostgreSQL server (<see cref="PostgresFactAttribute"/>).</summary>
internal static class TestDatabases
{
    public static RunDatabase Sqlite(string directory) => new(JournalOptions.Sqlite(Path.Combine(directory, "evopo.db")));

    public static RunDatabase Postgres() => new(JournalOptions.Postgres(PostgresFactAttribute.ConnectionString));

    /// <summary>A run id no other test (or earlier run of the tests on the shared server) uses.</summary>
    public static string FreshRunId() => EvoPo.Coordinator.Runs.RunFolder.NewRunId(DateTime.UtcNow);
}
