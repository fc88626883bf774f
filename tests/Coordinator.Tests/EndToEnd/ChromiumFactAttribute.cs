namespace EvoPo.Coordinator.Tests.EndToEnd;

/// <summary>
/// A test that drives a headless browser: Debian's <c>chromium</c> (Playwright launches it through ExecutablePath;
/// no browser is downloaded). ./test installs it; on a machine without it the test is reported as skipped, with the
/// fix (and under ./test, where nothing may be missing, it fails: <see cref="TestDependencies"/>).
/// </summary>
public sealed class ChromiumFactAttribute : FactAttribute
{
    public const string Variable = "EVOPO_TEST_CHROMIUM";

    public ChromiumFactAttribute() => Skip = TestDependencies.SkipReason(MissingReason(Candidate), TestDependencies.AllRequired);

    /// <summary>The browser to launch; fails the test when there is none.</summary>
    public static string ExecutablePath
    {
        get
        {
            TestDependencies.Require(MissingReason(Candidate));
            return Candidate;
        }
    }

    public static string? MissingReason(string path) =>
        File.Exists(path) ? null : $"no chromium at {path}: install it (apt-get install chromium; ./test does) or set {Variable} to a Chromium executable";

    private static string Candidate => Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } path ? path : "/usr/bin/chromium";
}
