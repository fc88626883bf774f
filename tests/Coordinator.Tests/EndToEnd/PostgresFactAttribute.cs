namespace EvoPo.Coordinator.Tests.EndToEnd;

/// <summary>
/// A test that needs a PostgreSQL server: it reads the connection string from <see cref="Variable"/>. CI
/// (.ci/run) starts a server on loopback and always sets it; on a laptop without one the test is reported as
/// skipped with the reason, never silently passed.
/// </summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public const string Variable = "EVOPO_TEST_POSTGRES";

    public PostgresFactAttribute()
    {
        if (string.IsNullOrEmpty(ConnectionString))
            Skip = $"set {Variable} to an Npgsql connection string (.ci/run starts PostgreSQL and sets it)";
    }

    public static string? ConnectionString => Environment.GetEnvironmentVariable(Variable);
}
