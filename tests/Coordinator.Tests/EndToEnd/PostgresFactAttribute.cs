namespace EvoPo.Coordinator.Tests.EndToEnd;

/// <summary>
/// A test that needs a PostgreSQL server: it reads the connection string from <see cref="Variable"/>. ./test starts
/// a server on loopback and always sets it; on a laptop without one the test is reported as skipped with the reason,
/// never silently passed (and under ./test, where nothing may be missing, it fails: <see cref="TestDependencies"/>).
/// </summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public const string Variable = "EVOPO_TEST_POSTGRES";

    public PostgresFactAttribute() => Skip = TestDependencies.SkipReason(MissingReason(Raw), TestDependencies.AllRequired);

    /// <summary>The connection string; fails the test when it is not set.</summary>
    public static string ConnectionString
    {
        get
        {
            TestDependencies.Require(MissingReason(Raw));
            return Raw!;
        }
    }

    public static string? MissingReason(string? connectionString) =>
        string.IsNullOrEmpty(connectionString) ? $"set {Variable} to an Npgsql connection string (./test starts PostgreSQL and sets it)" : null;

    private static string? Raw => Environment.GetEnvironmentVariable(Variable);
}
