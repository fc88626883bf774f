namespace EvoPo.Coordinator.Tests.EndToEnd;

/// <summary>
/// A test that drives a headless browser: Debian's <c>chromium</c> (Playwright launches it through ExecutablePath;
/// no browser is downloaded). .ci/run installs it; on a machine without it the test is reported as skipped, with the fix.
/// </summary>
public sealed class ChromiumFactAttribute : FactAttribute
{
    public const string Variable = "EVOPO_TEST_CHROMIUM";

    public ChromiumFactAttribute()
    {
        if (!File.Exists(ExecutablePath))
            Skip = $"no chromium at {ExecutablePath}: install it (apt-get install chromium; .ci/run does) or set {Variable} to a Chromium executable";
    }

    public static string ExecutablePath => Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } path ? path : "/usr/bin/chromium";
}
