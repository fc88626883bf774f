using System.Collections.Concurrent;
using System.Diagnostics;
using EvoPo.Coordinator.Tests.Pretrain;

namespace EvoPo.Coordinator.Tests.EndToEnd;

/// <summary>The real <c>evopo</c> executable (built next to the tests) in its own process, its output line by line.</summary>
internal sealed partial class EvopoProcess : IDisposable
{
    /// <summary>How long an end-to-end step may take on a loaded 2-core machine.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromMinutes(5);

    private readonly Process _process;
    private readonly BlockingCollection<string> _lines = new();
    private readonly ConcurrentQueue<string> _all = new();

    private EvopoProcess(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, e) => Receive(e.Data);
        _process.ErrorDataReceived += (_, e) => Receive(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public string Output => string.Join('\n', _all);

    public static EvopoProcess Start(params string[] args) => Start(new Dictionary<string, string>(), args);

    public static EvopoProcess Start(IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        // Through coreutils' env on Linux: a test run started in the background by a shell without job control
        // (`dotnet test &` in a script) inherits an ignored SIGINT, which .NET keeps ignoring, so the Ctrl-C tests
        // would see the run finish instead. env resets it and then execs dotnet (same pid).
        var info = new ProcessStartInfo(OperatingSystem.IsLinux() ? "env" : "dotnet")
        {
            WorkingDirectory = ShippedAgentsTests.RepoRoot(),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (OperatingSystem.IsLinux())
        {
            info.ArgumentList.Add("--default-signal=INT");
            info.ArgumentList.Add("dotnet");
        }
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "evopo.dll"));
        foreach (var arg in args) info.ArgumentList.Add(arg);
        foreach (var (name, value) in environment) info.Environment[name] = value;
        return new EvopoProcess(Process.Start(info) ?? throw new InvalidOperationException("could not start evopo"));
    }

    /// <summary>Runs evopo to completion and returns its exit code and output.</summary>
    public static (int ExitCode, string Output) Run(TimeSpan timeout, params string[] args)
    {
        using var process = Start(args);
        return (process.WaitForExit(timeout), process.Output);
    }

    public bool HasExited => _process.HasExited;

    /// <summary>The exit code once <see cref="HasExited"/>, else null.</summary>
    public int? ExitCode => _process.HasExited ? _process.ExitCode : null;

    /// <summary>The run id in the "run id: ..." line that search prints first.</summary>
    public static string RunIdIn(string output) =>
        System.Text.RegularExpressions.Regex.Match(output, @"run id: (\S+)") is { Success: true } m
            ? m.Groups[1].Value
            : throw new InvalidOperationException($"no run id in:\n{output}");

    public string WaitForLine(Func<string, bool> match, TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            foreach (var line in _lines.GetConsumingEnumerable(cancel.Token))
                if (match(line)) return line;
        }
        catch (OperationCanceledException)
        {
        }
        throw new TimeoutException($"no matching line within {timeout}; output so far:\n{Output}");
    }

    public int WaitForExit(TimeSpan timeout)
    {
        if (!_process.WaitForExit(timeout))
        {
            _process.Kill(entireProcessTree: true);
            throw new TimeoutException($"evopo did not exit within {timeout}; output:\n{Output}");
        }
        _process.WaitForExit();
        return _process.ExitCode;
    }

    /// <summary>SIGINT, what Ctrl-C sends.</summary>
    public void Interrupt() => Signal("INT");

    /// <summary>SIGTERM, what <c>docker stop</c> and Kubernetes send before killing a container.</summary>
    public void Terminate() => Signal("TERM");

    /// <summary>SIGSTOP: the process is frozen (as a node stalled by a long pause) until <see cref="Continue"/>.</summary>
    public void Pause() => Signal("STOP");

    /// <summary>SIGCONT: a paused process runs again.</summary>
    public void Continue() => Signal("CONT");

    private void Signal(string name)
    {
        using var kill = Process.Start("kill", [$"-{name}", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
    }

    /// <summary>SIGKILL: no shutdown hooks, no flushing, exactly what a crash looks like.</summary>
    public void KillHard()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    public void Dispose()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        _process.Dispose();
        _lines.Dispose();
    }

    private void Receive(string? line)
    {
        if (line is null) return;
        _all.Enqueue(line);
        if (!_lines.IsAddingCompleted) _lines.Add(line);
    }

    /// <summary>
    /// A search of 60 small generations (long enough that the interrupt lands mid-run even on a loaded machine) stopped
    /// with Ctrl-C once its first generation is done; asserts exit 130 and returns the run id and the output.
    /// </summary>
    /// <summary>
    /// Generations of the search <see cref="SearchInterruptedAfterFirstGeneration"/> interrupts: enough that SIGINT, sent as
    /// generation 1's line is read, lands long before the end; few, so that the tests that resume it finish soon.
    /// </summary>
    public const int InterruptedGenerations = 12;

    public static (string RunId, string Output) SearchInterruptedAfterFirstGeneration(string directory, string runs)
    {
        using var search = Start("search", "--config", SmallSearchConfig.WriteTo(directory, generations: InterruptedGenerations), "--runs", runs);
        var runId = RunIdOf(search.WaitForLine(l => l.StartsWith("run id:"), Timeout));
        search.WaitForLine(l => l.StartsWith($"gen   1/{InterruptedGenerations}"), Timeout);
        search.Interrupt();
        Xunit.Assert.Equal(130, search.WaitForExit(Timeout));
        return (runId, search.Output);
    }

    /// <summary>The run id a <c>search</c> prints ("run id: ...").</summary>
    public static string RunIdOf(string output) => RunIdPattern().Match(output) is { Success: true } m
        ? m.Groups[1].Value
        : throw new InvalidOperationException($"no run id in:\n{output}");

    /// <summary>The final meanDigest a finished run prints ("finished; meanDigest ...").</summary>
    public static string DigestIn(string output) => DigestPattern().Match(output) is { Success: true } m
        ? m.Groups[1].Value
        : throw new InvalidOperationException($"no final meanDigest in:\n{output}");

    [System.Text.RegularExpressions.GeneratedRegex(@"run id: (\S+)")]
    private static partial System.Text.RegularExpressions.Regex RunIdPattern();

    [System.Text.RegularExpressions.GeneratedRegex(@"finished; meanDigest ([0-9a-f]{64})")]
    private static partial System.Text.RegularExpressions.Regex DigestPattern();
}
