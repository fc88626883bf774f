namespace EvoPo.Coordinator.Tests.EndToEnd;

/// <summary>
/// Tests that need something outside the .NET SDK (PostgreSQL, Chromium, node, kubectl) are skipped with the reason
/// on a laptop that lacks it. <c>./test</c> (and so CI) installs all of them and sets <see cref="Variable"/>=1: there
/// a missing dependency fails the test with what is missing, so a broken setup cannot pass as a run with skips.
/// </summary>
public static class TestDependencies
{
    public const string Variable = "EVOPO_TEST_REQUIRE_ALL";

    /// <summary>Set by ./test (or CI=true, for runners that call dotnet test themselves).</summary>
    public static bool AllRequired =>
        Environment.GetEnvironmentVariable(Variable) == "1" || Environment.GetEnvironmentVariable("CI") == "true";

    /// <summary>The Skip value of a test whose dependency is <paramref name="missing"/> (null when it is there): the
    /// reason, unless every dependency is required; the test then runs and <see cref="Require"/> fails it.</summary>
    public static string? SkipReason(string? missing, bool allRequired) => allRequired ? null : missing;

    /// <summary>Fails the test when its dependency is missing, saying what to install.</summary>
    public static void Require(string? missing)
    {
        if (missing is not null)
            throw new InvalidOperationException($"missing test dependency: {missing} ({Variable}=1: ./test installs every dependency, so none may be missing)");
    }
}
