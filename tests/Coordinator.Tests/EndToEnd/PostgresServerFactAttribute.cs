namespace EvoPo.Coordinator.Tests.EndToEnd;

/// <summary>A test that starts a PostgreSQL server of its own (<see cref="TemporaryPostgres"/>): skipped with the reason where the server programs are missing, failed under ./test.</summary>
public sealed class PostgresServerFactAttribute : FactAttribute
{
    public PostgresServerFactAttribute() => Skip = TestDependencies.SkipReason(TemporaryPostgres.MissingReason(), TestDependencies.AllRequired);
}
