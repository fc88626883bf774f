using System.Text.RegularExpressions;

namespace EvoPo.Coordinator.Tests.EndToEnd;

/// <summary>
/// A preference dataset built through the cluster (issue 19): <c>evopo dataset --role coordinator</c> and two
/// <c>evopo worker</c> processes on loopback write the file of the single-process build, byte for byte.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed partial class DatasetClusterTests : IDisposable
{
    private static readonly TimeSpan Timeout = EvopoProcess.Timeout;

    private readonly string _dir = Directory.CreateTempSubdirectory("evopo-dataset-cluster-").FullName;
    private readonly List<EvopoProcess> _processes = [];

    public void Dispose()
    {
        foreach (var process in _processes) process.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    // 640 pairs of 300 steps: 10 units of 64 pairs (2.9 MB each), each under a second.
    private string[] Dataset(string outName) =>
        ["dataset", "--original", "agents/crawler-original.agent.json", "--target", "agents/crawler-target.agent.json", "--task", "crawler-3leg",
         "--pairs", "640", "--episode-length", "300", "--variant", "noisy", "--noise", "0.2", "--seed", "7", "--out", Path.Combine(_dir, outName)];

    [Fact]
    public void A_dataset_built_by_two_workers_is_the_file_of_one_process()
    {
        var (code, output) = EvopoProcess.Run(Timeout, Dataset("single.evopods"));
        Assert.True(code == 0, output);
        var single = File.ReadAllBytes(Path.Combine(_dir, "single.evopods"));

        // The first worker is the first seed: the workers form the cluster and are both in it (each prints "up" once its
        // region is registered) before the coordinator joins, so both are in its pool when the first units go out.
        var workerPort = FreePorts.Next();
        var coordinatorPort = FreePorts.Next();
        var seeds = $"127.0.0.1:{workerPort},127.0.0.1:{coordinatorPort}";
        // One worker reads the agents from their paths, the other fetches them from the coordinator by content hash.
        var workers = new[]
        {
            Start("worker", "--seeds", seeds, "--port", workerPort.ToString()),
            Start("worker", "--seeds", seeds, "--cache", Path.Combine(_dir, "cache"), "--fetch-artifacts"),
        };
        var addresses = workers.Select(w => WorkerUp().Match(w.WaitForLine(l => WorkerUp().IsMatch(l), Timeout)).Groups[1].Value).ToArray();
        var coordinator = Start([.. Dataset("cluster.evopods"), "--role", "coordinator", "--port", coordinatorPort.ToString(), "--seeds", seeds]);
        Assert.True(coordinator.WaitForExit(Timeout) == 0, coordinator.Output);

        Assert.Equal(single, File.ReadAllBytes(Path.Combine(_dir, "cluster.evopods")));
        Assert.Contains(HashIn(output), coordinator.Output);
        Assert.Contains("640/640 pairs", coordinator.Output);
        var builtOn = ChunkLine().Matches(coordinator.Output).Select(m => m.Groups[1].Value).ToArray();
        Assert.Equal(10, builtOn.Length);
        Assert.Equal(addresses.Order(), builtOn.Distinct().Order());
        Assert.Equal(2, Directory.GetFiles(Path.Combine(_dir, "cache"), "*.agent.json").Length);
    }

    private static string HashIn(string output) => Regex.Match(output, "content hash +([0-9a-f]{64})").Groups[1].Value;

    private EvopoProcess Start(params string[] args)
    {
        var process = EvopoProcess.Start(args);
        _processes.Add(process);
        return process;
    }

    [GeneratedRegex(@"^pairs \d+\.\.\d+ built on (\S+)", RegexOptions.Multiline)]
    private static partial Regex ChunkLine();

    [GeneratedRegex(@"^worker (\S+) up ")]
    private static partial Regex WorkerUp();
}
