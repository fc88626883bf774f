using System.Text.RegularExpressions;

namespace EvoPo.Coordinator.Tests.EndToEnd;

/// <summary>
/// Pretraining is a search run (issue 19): a coordinator and two worker processes on loopback, the coordinator killed
/// with SIGKILL mid-generation and the same command run again, write the same agent file, byte for byte, as one
/// process never interrupted; the run is listed by <c>evopo runs</c> as a pretrain run.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed partial class PretrainClusterTests : IDisposable
{
    private static readonly TimeSpan Timeout = EvopoProcess.Timeout;

    private static readonly Dictionary<string, string> FastFailureDetection = new()
    {
        ["EVOPO_AKKA_HOCON"] = "akka.cluster.split-brain-resolver.stable-after = 2s\nakka.cluster.failure-detector.acceptable-heartbeat-pause = 2s",
    };

    private readonly string _dir = Directory.CreateTempSubdirectory("evopo-pretrain-cluster-").FullName;
    private readonly List<EvopoProcess> _processes = [];

    public void Dispose()
    {
        foreach (var process in _processes) process.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    private string[] Pretrain(string outName, string runs) =>
        ["pretrain", "--task", "crawler", "--out", Path.Combine(_dir, outName), "--runs", Path.Combine(_dir, runs), "--generations", "3",
         "--population", "8", "--episodes", "3", "--episode-length", "400", "--hidden", "16", "--unit-size", "1", "--report-episodes", "1",
         "--normalize-observations", "--verbose"];

    [Fact]
    public void A_pretrain_run_resumed_after_kill_9_of_its_coordinator_writes_the_same_agent_as_one_process()
    {
        var (code, output) = EvopoProcess.Run(Timeout, [.. Pretrain("single.agent.json", "single"), "--threads", "2"]);
        Assert.True(code == 0, output);
        var single = File.ReadAllBytes(Path.Combine(_dir, "single.agent.json"));

        // The first worker has a known port and is the first seed: only the first seed may form a cluster on its own, so
        // the restarted coordinator can only join the workers' cluster, never found an island of its own on a slow machine.
        var coordinatorPort = FreePorts.Next();
        var workerPort = FreePorts.Next();
        var seeds = $"127.0.0.1:{workerPort},127.0.0.1:{coordinatorPort}";
        string[] Coordinator() =>
            [.. Pretrain("cluster.agent.json", "cluster"), "--run-id", "walk", "--role", "coordinator", "--port", coordinatorPort.ToString(), "--seeds", seeds];

        // Both workers are up before the run starts, so both take its units even when one is slow to start on a loaded
        // machine; the coordinator is killed once units have been done on both.
        var workers = new[]
        {
            Start("worker", "--seeds", seeds, "--port", workerPort.ToString(), "--cache", Path.Combine(_dir, "cache-1"), "--fetch-artifacts"),
            Start("worker", "--seeds", seeds, "--cache", Path.Combine(_dir, "cache-2"), "--fetch-artifacts"),
        };
        foreach (var worker in workers) worker.WaitForLine(l => l.StartsWith("worker ") && l.Contains(" up "), Timeout);
        var coordinator = Start(Coordinator());
        coordinator.WaitForLine(l => l.StartsWith("run id:"), Timeout);
        var working = new HashSet<string>();
        coordinator.WaitForLine(l => UnitWorker().Match(l) is { Success: true } unit && working.Add(unit.Groups[1].Value) && working.Count == 2, Timeout);
        coordinator.KillHard();
        Assert.False(File.Exists(Path.Combine(_dir, "cluster.agent.json")));

        var restarted = Start(Coordinator());
        Assert.True(restarted.WaitForExit(Timeout) == 0, restarted.Output);
        Assert.Matches("resumed at generation [0-2]/3", restarted.Output);
        Assert.Equal(single, File.ReadAllBytes(Path.Combine(_dir, "cluster.agent.json")));

        var (runsCode, runs) = EvopoProcess.Run(Timeout, "runs", "--runs", Path.Combine(_dir, "cluster"));
        Assert.True(runsCode == 0, runs);
        Assert.Matches(@"walk\s+pretrain\s+finished", runs);
    }

    private EvopoProcess Start(params string[] args)
    {
        var process = EvopoProcess.Start(FastFailureDetection, args);
        _processes.Add(process);
        return process;
    }

    [GeneratedRegex(@"of generation -?\d+ done .* on (\S+)")]
    private static partial Regex UnitWorker();
}
