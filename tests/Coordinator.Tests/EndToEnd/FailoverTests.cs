using System.Text.Json;

namespace EvoPo.Coordinator.Tests.EndToEnd;

/// <summary>
/// Two long-lived coordinators and two workers as separate processes on loopback, on one PostgreSQL journal, each
/// coordinator with its own runs directory: a run submitted to one goes on on the other when the first is killed, and
/// either coordinator cancels it.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class FailoverTests : IDisposable
{
    private static readonly TimeSpan Timeout = EvopoProcess.Timeout;

    private readonly string _dir = Directory.CreateTempSubdirectory("evopo-failover-").FullName;
    private readonly List<EvopoProcess> _processes = [];
    private FreshPostgresDatabase? _database;

    public void Dispose()
    {
        foreach (var process in _processes) process.Dispose();
        _database?.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    [PostgresFact]
    public void A_run_whose_coordinator_is_killed_mid_generation_is_taken_over_by_the_other_and_ends_as_if_never_stopped()
    {
        var config = SmallSearchConfig.WriteTo(_dir);
        var alone = SmallSearchConfig.DigestAlone();
        _database = new FreshPostgresDatabase();
        var (portA, portB) = (FreePorts.Next(), FreePorts.Next());
        var seeds = $"127.0.0.1:{portA},127.0.0.1:{portB}";

        var (a, urlA) = Coordinator("a", portA, $"127.0.0.1:{portA}");
        var (b, _) = Coordinator("b", portB, seeds);
        // The workers pause before each unit, so that B still drives the run when `runs` asks below: without the pause the
        // two generations left and the report took less than that command's start once (the suite's one-thread torch).
        for (var i = 1; i <= 2; i++)
            StartWith(SlowUnits, "worker", "--seeds", seeds, "--cache", Path.Combine(_dir, $"cache-{i}"), "--fetch-artifacts");
        var runId = EvopoProcess.RunIdIn(Cli("submit", "--cluster", urlA, "--config", config));
        a.WaitForLine(l => l.StartsWith($"[{runId}] gen   1/"), Timeout);
        a.KillHard();

        b.WaitForLine(l => l.StartsWith($"run {runId} is unfinished in the journal: resuming it"), Timeout);
        // Its runs directory had no folder of the run: everything came from the run store (best.json and history.csv too,
        // unless the kill came before their copy after generation 1; the resumed run writes both from its journal then).
        Assert.Matches($@"run {runId}: wrote (best\.json, )?config\.yaml, dataset\.evopods, (history\.csv, )?start\.agent\.json, target\.agent\.json " +
                       $"from the run store into {System.Text.RegularExpressions.Regex.Escape(Path.Combine(_dir, "b", runId))}", b.Output);
        // Any machine that reads the journal sees who drives it: here one with no run folder at all.
        var elsewhere = Directory.CreateDirectory(Path.Combine(_dir, "elsewhere")).FullName;
        var runs = JsonDocument.Parse(Cli("runs", "--runs", elsewhere, "--postgres", _database.ConnectionString, "--json")).RootElement;
        Assert.Equal("running", runs.EnumerateArray().Single(r => r.GetProperty("runId").GetString() == runId).GetProperty("state").GetString());

        var finished = b.WaitForLine(l => l.StartsWith($"[{runId}] run {runId} finished"), Timeout);
        Assert.Equal(alone, EvopoProcess.DigestIn(finished));
        Assert.True(File.Exists(Path.Combine(_dir, "b", runId, "report.md")), b.Output);
        Assert.Matches($@"{runId}\s+\S+\s+finished", Cli("runs", "--runs", elsewhere, "--postgres", _database.ConnectionString));
    }

    [PostgresFact]
    public void A_run_is_cancelled_through_a_coordinator_that_does_not_drive_it()
    {
        _database = new FreshPostgresDatabase();
        var (portA, portB) = (FreePorts.Next(), FreePorts.Next());
        var (a, urlA) = Coordinator("a", portA, $"127.0.0.1:{portA}");
        var (_, urlB) = Coordinator("b", portB, $"127.0.0.1:{portA},127.0.0.1:{portB}");
        Start("worker", "--seeds", $"127.0.0.1:{portA}", "--simulate-unit-seconds", "0.05");
        var runId = EvopoProcess.RunIdIn(Cli("submit", "--cluster", urlA, "--config", SmallSearchConfig.WriteTo(_dir, generations: 500, simulated: true)));
        a.WaitForLine(l => l.StartsWith($"[{runId}] gen   2/"), Timeout);

        // B has no folder of the run and does not drive it: it asks A through the database and answers once it is journaled.
        Assert.Matches(@"state\s+cancelled", Cli("cancel", runId, "--cluster", urlB));
        a.WaitForLine(l => l == $"[{runId}] run {runId} cancelled: cancelled through the submission API from 127.0.0.1", Timeout);
        Assert.Matches($@"{runId}\s+\S+\s+cancelled", Cli("runs", "--cluster", urlB));
    }

    /// <summary>A coordinator with its own runs directory and a short lease (a dead one's runs wait at most that long).</summary>
    private (EvopoProcess Process, string Url) Coordinator(string name, int port, string seeds)
    {
        var httpPort = FreePorts.Next();
        var process = Start("coordinator", "--runs", Path.Combine(_dir, name), "--port", port.ToString(), "--http-port", httpPort.ToString(),
            "--seeds", seeds, "--postgres", _database!.ConnectionString, "--lease-seconds", "6");
        process.WaitForLine(l => l.StartsWith("coordinator ") && l.Contains(" up; "), Timeout);
        return (process, $"http://127.0.0.1:{httpPort}");
    }

    private EvopoProcess Start(params string[] args) => StartWith(ClusterTests.FastFailureDetection, args);

    private EvopoProcess StartWith(IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var process = EvopoProcess.Start(environment, args);
        _processes.Add(process);
        return process;
    }

    /// <summary>Fast failure detection, and a 1.5 s pause before each unit (no result changes; docs/cluster.md).</summary>
    private static readonly Dictionary<string, string> SlowUnits =
        new(ClusterTests.FastFailureDetection) { [EvoPo.Coordinator.Hosting.NodeOptions.TestUnitDelayVariable] = "1.5" };

    private static string Cli(params string[] args)
    {
        var (code, output) = EvopoProcess.Run(Timeout, args);
        Assert.True(code == 0, $"exit code {code}:\n{output}");
        return output;
    }
}
