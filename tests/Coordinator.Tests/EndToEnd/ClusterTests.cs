using System.Text.Json;
using System.Text.RegularExpressions;

namespace EvoPo.Coordinator.Tests.EndToEnd;

/// <summary>
/// Separate coordinator and worker processes on loopback: the search survives a worker killed mid-generation
/// and a worker joining late, and ends with the same ES mean as a single-process run; workers fetch the
/// artifacts from the coordinator; a worker speaking another protocol version is refused.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed partial class ClusterTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(5);

    // Down a dead worker within seconds instead of the production 20 s, so the test stays short.
    internal static readonly Dictionary<string, string> FastFailureDetection = new()
    {
        ["EVOPO_AKKA_HOCON"] = "akka.cluster.split-brain-resolver.stable-after = 2s\nakka.cluster.failure-detector.acceptable-heartbeat-pause = 2s",
    };

    private readonly string _dir = Directory.CreateTempSubdirectory("evopo-cluster-").FullName;
    private readonly List<EvopoProcess> _processes = [];

    public void Dispose()
    {
        foreach (var process in _processes) process.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public void Killed_and_late_workers_change_nothing_in_the_result()
    {
        var config = SmallConfig();
        var singleDigest = SmallSearchConfig.DigestAlone();

        var port = FreePorts.Next();
        var seed = $"127.0.0.1:{port}";
        var runs = Path.Combine(_dir, "cluster");
        var coordinator = Start(FastFailureDetection, "search", "--config", config, "--runs", runs, "--role", "coordinator",
            "--port", port.ToString(), "--seeds", seed, "--verbose");
        coordinator.WaitForLine(l => l.StartsWith("run id:"), Timeout);
        var workers = Enumerable.Range(1, 3).Select(Worker).ToList();

        coordinator.WaitForLine(l => l.Contains("of generation 1 done"), Timeout);
        workers[1].KillHard();
        var late = Worker(4);

        Assert.Equal(0, coordinator.WaitForExit(Timeout));
        Assert.Equal(singleDigest, Digest(coordinator.Output));
        // Workers do not read the coordinator's files (--fetch-artifacts): those that ran units fetched them by hash.
        var caches = Enumerable.Range(1, 4).Select(i => Path.Combine(_dir, $"cache-{i}")).Where(Directory.Exists).ToArray();
        Assert.NotEmpty(caches);
        Assert.All(caches, cache => Assert.Equal(2, Directory.GetFiles(cache).Length));
        Assert.False(late.HasExited, late.Output);

        // evopo status names every worker that answered, with its units: together exactly the run's units.
        var runId = Regex.Match(coordinator.Output, @"run id: (\S+)").Groups[1].Value;
        var (statusCode, status) = EvopoProcess.Run(Timeout, "status", runId, "--runs", runs, "--json");
        Assert.True(statusCode == 0, status);
        var tallies = System.Text.Json.JsonDocument.Parse(status.Split('\n').Last(l => l.StartsWith('{'))).RootElement.GetProperty("workers")
            .EnumerateArray().ToList();
        Assert.InRange(tallies.Count, 2, 4);
        Assert.All(tallies, w => Assert.Equal(1, w.GetProperty("capacity").GetInt32()));
        Assert.Equal(UnitsOf(coordinator.Output), tallies.Sum(w => w.GetProperty("units").GetInt32()));

        EvopoProcess Worker(int index) => Start(FastFailureDetection, "worker", "--seeds", seed,
            "--cache", Path.Combine(_dir, $"cache-{index}"), "--fetch-artifacts");
    }

    [Fact]
    public void A_worker_whose_coordinator_is_gone_exits_so_that_a_supervisor_restarts_it()
    {
        var port = FreePorts.Next();
        var seed = $"127.0.0.1:{port}";
        var coordinator = Start(FastFailureDetection, "search", "--config", SmallSearchConfig.WriteTo(_dir, generations: 60, simulated: true),
            "--runs", Path.Combine(_dir, "lost"), "--role", "coordinator", "--port", port.ToString(), "--seeds", seed);
        // Two workers: the majority, so keep-majority downs the dead coordinator and the workers stay up without one.
        var workers = Enumerable.Range(0, 2).Select(_ => Start(FastFailureDetection, "worker", "--seeds", seed,
            "--coordinator-timeout", "3", "--simulate-unit-seconds", "0.05")).ToList();
        foreach (var worker in workers) worker.WaitForLine(l => l.StartsWith("worker ") && l.Contains(" up "), Timeout);
        coordinator.WaitForLine(l => l.StartsWith("gen   1/"), Timeout);
        coordinator.KillHard();

        Assert.All(workers, worker =>
        {
            Assert.Equal(4, worker.WaitForExit(TimeSpan.FromMinutes(1)));
            Assert.Contains("no coordinator for 3 s", worker.Output);
        });
    }

    [Fact]
    public void A_worker_stopped_mid_unit_finishes_it_then_leaves_and_nothing_is_sent_again()
    {
        var port = FreePorts.Next();
        var seed = $"127.0.0.1:{port}";
        var coordinator = Start(FastFailureDetection, "search", "--config", SmallSearchConfig.WriteTo(_dir, generations: 2, simulated: true),
            "--runs", Path.Combine(_dir, "drain"), "--role", "coordinator", "--port", port.ToString(), "--seeds", seed, "--verbose");
        coordinator.WaitForLine(l => l.StartsWith("run id:"), Timeout);
        var stopping = Start(FastFailureDetection, "worker", "--seeds", seed, "--simulate-unit-seconds", "3");
        var address = Regex.Match(stopping.WaitForLine(l => l.StartsWith("worker ") && l.Contains(" up "), Timeout), @"worker (\S+) up").Groups[1].Value;

        // Its first answer is in: units are pending, so it took the next one at once: it is mid-unit now.
        coordinator.WaitForLine(l => l.Contains("of generation 0 done") && l.Contains(" on " + address), Timeout);
        stopping.Terminate();
        Assert.True(stopping.WaitForExit(Timeout) == 0, stopping.Output);
        Assert.Contains("worker draining", stopping.Output);
        Assert.Contains("worker leaving the cluster", stopping.Output);
        Assert.DoesNotContain("units still running", stopping.Output);
        // The unit it was running when stopped was answered and journaled, and it got no unit after it.
        coordinator.WaitForLine(l => l.Contains("of generation 0 done") && l.Contains(" on " + address), TimeSpan.FromSeconds(30));
        Assert.Equal(2, Regex.Matches(coordinator.Output, @"done .* on " + Regex.Escape(address)).Count);

        Start(FastFailureDetection, "worker", "--seeds", seed, "--simulate-unit-seconds", "0.05");
        Assert.Equal(0, coordinator.WaitForExit(Timeout));
        Assert.Equal(2, Regex.Matches(coordinator.Output, @"done .* on " + Regex.Escape(address)).Count);
        // Nothing was sent again because it left: its slots were empty by then.
        Assert.DoesNotContain("sending its", coordinator.Output);
    }

    [Fact]
    public void Malformed_and_oversized_messages_are_dropped_and_the_search_goes_on()
    {
        var port = FreePorts.Next();
        var search = Start(FastFailureDetection, "search", "--config", SmallSearchConfig.WriteTo(_dir, generations: 60),
            "--runs", Path.Combine(_dir, "attacked"), "--port", port.ToString(), "--seeds", $"127.0.0.1:{port}");
        var runId = Regex.Match(search.WaitForLine(l => l.StartsWith("run id:"), Timeout), @"run id: (\S+)").Groups[1].Value;
        search.WaitForLine(l => l.StartsWith("gen   1/"), Timeout);
        using (var hostile = new HostileSender())
        {
            string[] manifests = ["unit-result", "unit-failed", "node-hello", "slot-work-unit", "artifact-request", "no-such-manifest"];
            HostileSender.SendRawBytes(port);
            hostile.SendGarbage(port, "/user/search-" + runId, manifests);
            hostile.SendGarbage(port, "/system/sharding/work-unit", manifests);
        }
        var after = Regex.Matches(search.Output, @"^gen +(\d+)/", RegexOptions.Multiline).Select(m => int.Parse(m.Groups[1].Value)).Max();

        // The node logged what it dropped, and the search goes on generation after generation.
        search.WaitForLine(l => l.StartsWith($"gen {after + 2,3}/"), Timeout);
        Assert.Contains("CorruptedFrameException", search.Output);
        Assert.Contains("Failed to deserialize payload object when deserializing ActorSelectionMessage with payload [SerializerId=4207, Manifest=unit-result]", search.Output);
        Assert.Contains("Manifest=no-such-manifest] addressed to [system,sharding,work-unit]", search.Output);
        search.Interrupt();
        Assert.Equal(130, search.WaitForExit(Timeout));
    }

    [Fact]
    public void A_tls_cluster_gives_the_same_result_and_a_node_with_another_certificate_gets_no_work()
    {
        var config = SmallConfig();
        var (code, output) = EvopoProcess.Run(Timeout, "search", "--config", config, "--runs", Path.Combine(_dir, "plain"));
        Assert.True(code == 0, output);

        Dictionary<string, string> Tls(string certificate) => new(FastFailureDetection)
        {
            ["EVOPO_TLS_CERT"] = certificate,
            ["EVOPO_TLS_CERT_PASSWORD"] = "s3cret",
        };
        var cluster = Tls(SelfSignedCertificate.WritePfx(_dir, "evopo-cluster", "s3cret"));
        var stranger = Tls(SelfSignedCertificate.WritePfx(_dir, "stranger", "s3cret"));

        var port = FreePorts.Next();
        var seed = $"127.0.0.1:{port}";
        var coordinator = Start(cluster, "search", "--config", config, "--runs", Path.Combine(_dir, "tls"), "--role", "coordinator",
            "--port", port.ToString(), "--seeds", seed, "--verbose");
        coordinator.WaitForLine(l => l.StartsWith("run id:"), Timeout);
        var intruder = Start(stranger, "worker", "--seeds", seed, "--simulate-unit-seconds", "0.01");
        var worker = Start(cluster, "worker", "--seeds", seed);

        Assert.Equal(0, coordinator.WaitForExit(Timeout));
        Assert.Equal(Digest(output), Digest(coordinator.Output));
        var address = Regex.Match(worker.WaitForLine(l => l.StartsWith("worker ") && l.Contains(" up "), Timeout), @"worker (\S+) up").Groups[1].Value;
        var ranBy = Regex.Matches(coordinator.Output, @"of generation -?\d+ done .* on (\S+)").Select(m => m.Groups[1].Value).Distinct();
        Assert.Equal([address], ranBy);
        Assert.DoesNotContain(" up ", intruder.Output);
    }

    [Fact]
    public void A_wrong_tls_password_is_a_clear_error()
    {
        var certificate = SelfSignedCertificate.WritePfx(_dir, "evopo-cluster", "right");
        var worker = Start(new Dictionary<string, string> { ["EVOPO_TLS_CERT_PASSWORD"] = "wrong" },
            "worker", "--seeds", "127.0.0.1:1", "--tls-cert", certificate);
        Assert.Equal(1, worker.WaitForExit(Timeout));
        Assert.Contains("cannot be read (wrong EVOPO_TLS_CERT_PASSWORD", worker.Output);
    }

    [Fact]
    public void A_worker_of_another_protocol_version_is_refused_on_both_sides()
    {
        var port = FreePorts.Next();
        var seed = $"127.0.0.1:{port}";
        var coordinator = Start(FastFailureDetection, "search", "--config", SmallConfig(), "--runs", Path.Combine(_dir, "refuse"),
            "--role", "coordinator", "--port", port.ToString(), "--seeds", seed);
        coordinator.WaitForLine(l => l.StartsWith("run id:"), Timeout);

        var stranger = Start(new Dictionary<string, string> { ["EVOPO_PROTOCOL_VERSION"] = "999" },
            "worker", "--seeds", seed, "--cache", Path.Combine(_dir, "cache-x"));
        Assert.Equal(3, stranger.WaitForExit(Timeout));
        Assert.Contains("refused by the cluster", stranger.Output);
        Assert.Contains("protocol 999", stranger.Output);
        coordinator.WaitForLine(l => l.Contains("refusing") && l.Contains("protocol 999"), Timeout);
    }

    [Fact]
    public void A_faster_worker_runs_more_units_and_a_late_worker_gets_work_in_the_same_generation()
    {
        var config = Path.Combine(_dir, "balance.yaml");
        File.WriteAllText(config, """
            task: { name: crawler-3leg, episodeLength: 20 }
            dataset: { pairs: 16 }
            training: { epochs: 1 }
            es: { population: 160, generations: 1 }
            work: { unitSize: 1, simulated: true }
            report: { baselines: [orpo], seeds: 1 }
            """);
        var port = FreePorts.Next();
        var seed = $"127.0.0.1:{port}";
        var coordinator = Start(FastFailureDetection, "search", "--config", config, "--runs", Path.Combine(_dir, "balance"),
            "--role", "coordinator", "--port", port.ToString(), "--seeds", seed, "--verbose");
        coordinator.WaitForLine(l => l.StartsWith("run id:"), Timeout);
        var fast = SimulatedWorker(0.2);
        var slow = SimulatedWorker(0.4);
        var fastAddress = Address(fast);
        var slowAddress = Address(slow);

        // Generation 0 lasts ≈ 21 s (160 units at ≈ 7.5 units/s), so a worker started now joins mid-generation even on a
        // loaded CI machine (60 units, ≈ 8 s, was too short once: the late worker was up only after the last unit).
        coordinator.WaitForLine(l => l.Contains("of generation 0 done"), Timeout);
        var late = SimulatedWorker(0.2);
        var lateAddress = Address(late);
        Assert.Equal(0, coordinator.WaitForExit(Timeout));

        var generation0 = Regex.Matches(coordinator.Output, @"of generation 0 done .* on (\S+)").Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(160, generation0.Count);
        // Count from the moment both have finished a unit, so that which process happened to join first does not matter.
        var bothWorking = Math.Max(generation0.IndexOf(fastAddress), generation0.IndexOf(slowAddress));
        Assert.True(bothWorking >= 0, $"fast or slow worker ran no unit; coordinator output:\n{coordinator.Output}");
        var steady = generation0.Skip(bothWorking + 1).ToList();
        var byFast = steady.Count(a => a == fastAddress);
        var bySlow = Math.Max(1, steady.Count(a => a == slowAddress));
        Assert.Contains(lateAddress, generation0);
        var ratio = (double)byFast / bySlow;
        Assert.True(ratio is >= 1.4 and <= 3.0,
            $"fast {byFast}, slow {bySlow}, late {generation0.Count(a => a == lateAddress)} units; coordinator output:\n{coordinator.Output}");

        EvopoProcess SimulatedWorker(double seconds) => Start(FastFailureDetection, "worker", "--seeds", seed,
            "--simulate-unit-seconds", seconds.ToString(System.Globalization.CultureInfo.InvariantCulture));

        static string Address(EvopoProcess worker) =>
            Regex.Match(worker.WaitForLine(l => l.StartsWith("worker ") && l.Contains(" up "), Timeout), @"worker (\S+) up").Groups[1].Value;
    }

    [PostgresFact]
    public void Two_searches_share_one_cluster_and_one_journal_and_each_gets_its_own_result()
    {
        var postgres = PostgresFactAttribute.ConnectionString!;
        var first = SmallConfig();
        var second = SmallSearchConfig.WriteTo(_dir, generations: 4);
        var alone = new[] { SmallSearchConfig.DigestAlone(), SmallSearchConfig.DigestAlone(generations: 4) };
        Assert.NotEqual(alone[0], alone[1]);

        var port = FreePorts.Next();
        var seed = $"127.0.0.1:{port}";
        var runs = Path.Combine(_dir, "shared");
        var coordinators = new[]
        {
            Start(FastFailureDetection, "search", "--config", first, "--runs", runs, "--role", "coordinator", "--port", port.ToString(),
                "--seeds", seed, "--postgres", postgres, "--verbose"),
            Start(FastFailureDetection, "search", "--config", second, "--runs", runs, "--role", "coordinator", "--seeds", seed,
                "--postgres", postgres, "--verbose"),
        };
        var runIds = coordinators.Select(c => RunIdPattern().Match(c.WaitForLine(l => l.StartsWith("run id:"), Timeout)).Groups[1].Value).ToList();
        Assert.NotEqual(runIds[0], runIds[1]);
        var workers = Enumerable.Range(1, 2).Select(i => Start(FastFailureDetection, "worker", "--seeds", seed,
            "--cache", Path.Combine(_dir, $"cache-{i}"), "--fetch-artifacts")).ToList();

        for (var i = 0; i < 2; i++)
        {
            Assert.True(coordinators[i].WaitForExit(Timeout) == 0, coordinators[i].Output);
            Assert.Equal(alone[i], Digest(coordinators[i].Output));
        }
        // Both runs trained on the shared workers.
        var workerAddresses = workers.Select(w => Regex.Match(w.WaitForLine(l => l.StartsWith("worker ") && l.Contains(" up "), Timeout),
            @"worker (\S+) up").Groups[1].Value).ToHashSet();
        Assert.All(coordinators, c => Assert.Subset(workerAddresses,
            Regex.Matches(c.Output, @"of generation -?\d+ done .* on (\S+)").Select(m => m.Groups[1].Value).ToHashSet()));
    }

    /// <summary>
    /// A PostgreSQL-journaled search on a coordinator and two workers, the coordinator killed with SIGKILL mid-generation
    /// once both workers have done units, and restarted while the workers are frozen: it resumes from the journal and, as
    /// the first seed with no other seed answering, founds a cluster of its own. The two clusters must meet again and the
    /// run end with the single-process result. Two mechanisms bring them together: the coordinator's SeedWatch (it asks the
    /// seeds which cluster they are in and starts its node again to join theirs), and the workers' coordinator timeout
    /// (they exit with code 4 and their supervisor, played here by the test, starts them again; they then join the
    /// coordinator, the first seed). The first is the one meant to act; in 2 of 4 full-suite runs (never alone) it did
    /// not, for a reason not yet found, and the second reunited the cluster (docs/cluster.md). This is also the plain
    /// kill-and-resume-from-PostgreSQL test.
    /// </summary>
    [PostgresFact]
    public void A_coordinator_killed_mid_generation_and_restarted_apart_from_its_workers_rejoins_them_with_the_same_result()
    {
        var singleDigest = SmallSearchConfig.DigestAlone(KilledGenerations, epochs: KilledEpochs);
        var postgres = PostgresFactAttribute.ConnectionString!;
        var coordinatorPort = FreePorts.Next();
        var workerPort = FreePorts.Next();
        // The first worker has a known port and is a seed too, so a restarted coordinator can find the workers again.
        var seeds = $"127.0.0.1:{coordinatorPort},127.0.0.1:{workerPort}";
        var runs = Path.Combine(_dir, "pg");
        string[] CoordinatorArgs(params string[] first) =>
            [.. first, "--runs", runs, "--role", "coordinator", "--port", coordinatorPort.ToString(), "--seeds", seeds, "--postgres", postgres, "--verbose"];
        string[][] workerArgs =
        [
            ["worker", "--seeds", seeds, "--port", workerPort.ToString(), "--cache", Path.Combine(_dir, "cache-1"), "--fetch-artifacts"],
            ["worker", "--seeds", seeds, "--cache", Path.Combine(_dir, "cache-2"), "--fetch-artifacts"],
        ];
        // A lost coordinator ends a worker after 60 s instead of 120 s, so the supervised path fits in the test's time.
        var workerEnvironment = new Dictionary<string, string> { [EvoPo.Coordinator.Cli.WorkerCommand.CoordinatorTimeoutVariable] = "60" };

        var coordinator = Start(CoordinatorArgs("search", "--config", SmallSearchConfig.WriteTo(_dir, KilledGenerations, epochs: KilledEpochs)));
        var runId = RunIdPattern().Match(coordinator.WaitForLine(l => l.StartsWith("run id:"), Timeout)).Groups[1].Value;
        var workers = workerArgs.Select(args => Start(workerEnvironment, args)).ToArray();
        // Both in the cluster before the crash (a worker still joining then would join whichever cluster answers first).
        var working = new HashSet<string>();
        coordinator.WaitForLine(l => UnitDonePattern().Match(l) is { Success: true } done && working.Add(done.Groups[1].Value) && working.Count == 2, Timeout);
        coordinator.KillHard();

        // Frozen workers answer no seed: the restarted coordinator founds a cluster of its own after seed-node-timeout (5 s).
        foreach (var worker in workers) worker.Pause();
        var restarted = Start(CoordinatorArgs("resume", runId));
        var restarts = 0;
        using var supervising = new CancellationTokenSource();
        var supervisor = Task.Run(async () =>
        {
            while (!supervising.IsCancellationRequested)
            {
                for (var i = 0; i < workers.Length; i++)
                    if (workers[i].ExitCode == EvoPo.Coordinator.Cli.WorkerCommand.CoordinatorLost)
                    {
                        lock (_processes) workers[i] = Start(workerEnvironment, workerArgs[i]);
                        Interlocked.Increment(ref restarts);
                    }
                await Task.Delay(500, CancellationToken.None);
            }
        });
        try
        {
            restarted.WaitForLine(l => l.StartsWith($"run {runId} resumed"), Timeout);
            Thread.Sleep(TimeSpan.FromSeconds(15));
            foreach (var worker in workers) worker.Continue();

            Assert.True(restarted.WaitForExit(Timeout) == 0, restarted.Output);
            Assert.Matches($@"run {runId} resumed at generation [0-3]/{KilledGenerations}", restarted.Output);
            Assert.True(restarted.Output.Contains("this coordinator founded a cluster of its own (seed ") || restarts > 0,
                $"neither the coordinator nor a restarted worker reunited the cluster:\n{restarted.Output}");
            Assert.Equal(singleDigest, Digest(restarted.Output));
        }
        catch (Exception e) when (e is TimeoutException or Xunit.Sdk.XunitException)
        {
            // What the workers saw is half of the story when the two clusters do not meet.
            throw new InvalidOperationException(e.Message + $"\n--- {restarts} worker restart(s)" +
                                                string.Concat(workers.Select((w, i) => $"\n--- worker {i + 1}:\n{w.Output}")), e);
        }
        finally
        {
            supervising.Cancel();
            supervisor.Wait(TimeSpan.FromSeconds(10));
        }
    }

    private EvopoProcess Start(params string[] args) => Start(new Dictionary<string, string>(), args);

    private EvopoProcess Start(IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var process = EvopoProcess.Start(environment, args);
        lock (_processes) _processes.Add(process);
        return process;
    }

    private string SmallConfig() => SmallSearchConfig.WriteTo(_dir);

    // Four generations of units that train for about a quarter of a second: a coordinator killed once two workers have done units
    // dies mid-run even when one worker is slow to join on a loaded machine.
    private const int KilledGenerations = 4;
    private const int KilledEpochs = 12;

    private static int UnitsOf(string output) => Regex.Matches(output, @"of generation -?\d+ done").Count;

    private static string Digest(string output) => DigestPattern().Match(output) is { Success: true } m
        ? m.Groups[1].Value
        : throw new InvalidOperationException($"no final meanDigest in:\n{output}");

    [GeneratedRegex(@"of generation \d+ done .* on (\S+)")]
    private static partial Regex UnitDonePattern();

    [GeneratedRegex(@"run id: (\S+)")]
    private static partial Regex RunIdPattern();

    [GeneratedRegex(@"finished; meanDigest ([0-9a-f]{64})")]
    private static partial Regex DigestPattern();
}
