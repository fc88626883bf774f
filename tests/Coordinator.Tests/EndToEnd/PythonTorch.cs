using System.Diagnostics;

namespace EvoPo.Coordinator.Tests.EndToEnd;

/// <summary>
/// Debian's python3 with its python3-torch (1.13), which runs the files <c>evopo objective export</c> writes. ./test installs
/// it; on a machine without it the tests are reported as skipped, with the fix (and under ./test, where nothing may be
/// missing, they fail: <see cref="TestDependencies"/>).
/// </summary>
public static class PythonTorch
{
    public const string Variable = "EVOPO_TEST_PYTHON";

    private static readonly Lazy<string?> Missing = new(() => MissingReason(Candidate));

    /// <summary>The Skip value of a test that needs it.</summary>
    public static string? SkipReason => TestDependencies.SkipReason(Missing.Value, TestDependencies.AllRequired);

    /// <summary>The python to run; fails the test when it is missing or cannot import torch.</summary>
    public static string Executable
    {
        get
        {
            TestDependencies.Require(Missing.Value);
            return Candidate;
        }
    }

    /// <summary>Null when <paramref name="python"/> runs and imports torch, else what is wrong and how to fix it.</summary>
    public static string? MissingReason(string python)
    {
        var fix = $"install Debian's python3-torch (apt-get install python3-torch libopenblas0-pthread; ./test does) or set {Variable} to a python with torch";
        if (!File.Exists(python)) return $"no python at {python}: {fix}";
        var (code, output) = Run(python, ["-c", "import torch"]);
        return code == 0 ? null : $"{python} cannot import torch ({output.Trim().Split('\n')[^1]}): {fix}";
    }

    /// <summary>Runs <paramref name="python"/> with <paramref name="args"/>; its exit code and stdout + stderr.</summary>
    public static (int Code, string Output) Run(string python, IEnumerable<string> args)
    {
        var info = new ProcessStartInfo(python) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args) info.ArgumentList.Add(arg);
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {python}");
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output + error.Result);
    }

    // Debian's interpreter, where python3-torch installs; a python3 earlier on PATH (pyenv, venv) would lack it.
    private static string Candidate => Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } path ? path : "/usr/bin/python3";
}

/// <summary>A test that runs exported files under python with torch.</summary>
public sealed class PythonTorchFactAttribute : FactAttribute
{
    public PythonTorchFactAttribute() => Skip = PythonTorch.SkipReason;
}

/// <summary>A theory that runs exported files under python with torch.</summary>
public sealed class PythonTorchTheoryAttribute : TheoryAttribute
{
    public PythonTorchTheoryAttribute() => Skip = PythonTorch.SkipReason;
}
