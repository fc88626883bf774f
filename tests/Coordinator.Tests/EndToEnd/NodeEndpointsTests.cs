using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace EvoPo.Coordinator.Tests.EndToEnd;

/// <summary>
/// The HTTP endpoints orchestrators use (<c>--http-port</c>), over real HTTP against real processes: liveness,
/// readiness as the nodes join, work and leave, the Prometheus metrics of a coordinator and its workers; and
/// SIGTERM, as Kubernetes sends it: a worker stopped mid-generation leaves, its unit is sent again, the run ends.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed partial class NodeEndpointsTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(4);

    private readonly string _dir = Directory.CreateTempSubdirectory("evopo-http-").FullName;
    private readonly List<EvopoProcess> _processes = [];
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };

    public void Dispose()
    {
        foreach (var process in _processes) process.Dispose();
        _http.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task Probes_and_metrics_follow_the_nodes_through_a_search_and_sigterm()
    {
        var config = Path.Combine(_dir, "endpoints.yaml");
        File.WriteAllText(config, """
            task: { name: crawler-3leg, episodeLength: 20 }
            dataset: { pairs: 16 }
            training: { epochs: 1 }
            es: { population: 40, generations: 2 }
            work: { unitSize: 1, simulated: true }
            report: { baselines: [orpo], seeds: 1 }
            """);
        var port = FreePorts.Next();
        var seed = $"127.0.0.1:{port}";
        var coordinatorHttp = FreePorts.Next();
        var coordinator = Start(new Dictionary<string, string> { ["EVOPO_HTTP_PORT"] = coordinatorHttp.ToString() },
            "search", "--config", config, "--runs", Path.Combine(_dir, "runs"), "--run-id", "k8s-run", "--hold",
            "--role", "coordinator", "--port", port.ToString(), "--seeds", seed, "--verbose");
        coordinator.WaitForLine(l => l.StartsWith("run id: k8s-run"), Timeout);
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(coordinatorHttp, "/healthz")).Status);
        await UntilAsync(coordinatorHttp, "/readyz", r => r.Status == HttpStatusCode.OK);

        var firstHttp = FreePorts.Next();
        var first = Worker(firstHttp);
        // Before any unit the worker's totals are listed already, at 0 (a rate over them counts the first unit too).
        await UntilAsync(firstHttp, "/metrics", r => r.Body.Contains("# TYPE evopo_units_done gauge\n")
            && r.Body.Contains("evopo_units_done{outcome=\"ok\"} 0\n"));
        // Alive from the start, before the node has joined (the process may take a moment to listen).
        await UntilAsync(firstHttp, "/healthz", r => r.Status == HttpStatusCode.OK && r.Body == "ok\n");
        await UntilAsync(firstHttp, "/readyz", r => r.Status == HttpStatusCode.OK);
        var secondHttp = FreePorts.Next();
        var second = Worker(secondHttp);
        await UntilAsync(secondHttp, "/readyz", r => r.Status == HttpStatusCode.OK);

        coordinator.WaitForLine(l => l.Contains("of generation 0 done"), Timeout);
        var midRun = (await GetAsync(coordinatorHttp, "/metrics")).Body;
        Assert.Matches(PendingPattern(), midRun);
        Assert.Contains("# TYPE evopo_persistence_latency_seconds histogram", midRun);
        Assert.Matches(@"evopo_persistence_latency_seconds_count\{event=""UnitCompleted""\} [1-9]", midRun);

        // SIGTERM mid-generation: the worker stops being ready, leaves, exits 0; its unit goes elsewhere.
        second.Terminate();
        Assert.True(second.WaitForExit(Timeout) == 0, second.Output);
        Assert.Contains("worker leaving the cluster", second.Output);

        coordinator.WaitForLine(l => l.Contains("holding until stopped"), Timeout);
        Assert.Matches(@"finished; meanDigest [0-9a-f]{64}", coordinator.Output);
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(coordinatorHttp, "/healthz")).Status);
        var (status, body) = await GetAsync(coordinatorHttp, "/readyz");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Contains("no cluster node", body);
        var coordinatorMetrics = (await GetAsync(coordinatorHttp, "/metrics")).Body;
        Assert.Matches(@"evopo_generation_duration_seconds_count 2\n", coordinatorMetrics);
        Assert.Matches(@"evopo_generation_duration_seconds_bucket\{le=""\+Inf""\} 2\n", coordinatorMetrics);
        Assert.Contains("evopo_pending_units{run=\"k8s-run\"} 0\n", coordinatorMetrics);

        var workerMetrics = (await GetAsync(firstHttp, "/metrics")).Body;
        Assert.Matches(@"evopo_units_done\{outcome=""ok""\} [1-9]", workerMetrics);
        Assert.Contains("# TYPE evopo_unit_duration_seconds histogram\n", workerMetrics);
        Assert.Matches(@"evopo_unit_duration_seconds_count\{outcome=""ok""\} [1-9]", workerMetrics);
        Assert.Contains("evopo_device_info{device=\"cpu\",name=\"cpu\"} 1", workerMetrics);
        Assert.Contains("evopo_node_ready 1", workerMetrics);
        Assert.Equal(HttpStatusCode.NotFound, (await GetAsync(firstHttp, "/nothing")).Status);

        // A held coordinator stops on SIGTERM with the run's exit code.
        coordinator.Terminate();
        Assert.Equal(0, coordinator.WaitForExit(Timeout));
        first.Terminate();
        Assert.Equal(0, first.WaitForExit(Timeout));

        EvopoProcess Worker(int httpPort) => Start(new Dictionary<string, string>(), "worker", "--seeds", seed,
            "--simulate-unit-seconds", "0.3", "--http-port", httpPort.ToString());
    }

    [Fact]
    public void A_worker_exits_once_its_coordinator_is_gone_when_told_to()
    {
        var port = FreePorts.Next();
        var seed = $"127.0.0.1:{port}";
        var fast = new Dictionary<string, string>
        {
            ["EVOPO_AKKA_HOCON"] = "akka.cluster.split-brain-resolver.stable-after = 2s\nakka.cluster.failure-detector.acceptable-heartbeat-pause = 2s",
        };
        var coordinator = Start(fast, "search", "--config", SmallSearchConfig.WriteTo(_dir, generations: 50, simulated: true), "--runs", Path.Combine(_dir, "lost"),
            "--role", "coordinator", "--port", port.ToString(), "--seeds", seed, "--verbose");
        coordinator.WaitForLine(l => l.StartsWith("run id:"), Timeout);
        // Two workers: the majority, so they stay up without the coordinator and the timeout (not a downing) ends them.
        var workers = Enumerable.Range(0, 2).Select(_ => Start(new Dictionary<string, string>(fast) { ["EVOPO_COORDINATOR_TIMEOUT"] = "5" },
            "worker", "--seeds", seed, "--simulate-unit-seconds", "0.5")).ToList();
        // Both workers must be in the cluster (each has run a unit) before the coordinator goes: a worker that never
        // saw a coordinator waits for one, and a lone worker is downed as the minority instead of timing out.
        var waiting = workers.Select(w => Regex.Match(w.WaitForLine(l => l.StartsWith("worker ") && l.Contains(" up "), Timeout), @"worker (\S+) up").Groups[1].Value)
            .ToHashSet();
        while (waiting.Count > 0)
        {
            var line = coordinator.WaitForLine(l => Regex.Match(l, @" done .* on (\S+)") is { Success: true } m && waiting.Contains(m.Groups[1].Value), Timeout);
            waiting.Remove(Regex.Match(line, @" done .* on (\S+)").Groups[1].Value);
        }

        coordinator.KillHard();
        Assert.All(workers, worker =>
        {
            Assert.Equal(4, worker.WaitForExit(Timeout));
            Assert.Contains("has had no coordinator for 5 s", worker.Output);
        });
    }

    [Fact]
    public void A_busy_http_port_is_a_clear_error()
    {
        using var taken = new TcpListener(IPAddress.Any, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;
        var worker = Start(new Dictionary<string, string>(), "worker", "--seeds", "127.0.0.1:1", "--http-port", port.ToString());
        Assert.Equal(1, worker.WaitForExit(Timeout));
        Assert.Contains($"cannot serve the health and metrics endpoints on port {port}", worker.Output);
    }

    private async Task<(HttpStatusCode Status, string Body)> GetAsync(int port, string path)
    {
        using var response = await _http.GetAsync($"http://127.0.0.1:{port}{path}");
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>Polls an endpoint until it answers as expected (a node joining takes a few seconds).</summary>
    private async Task UntilAsync(int port, string path, Func<(HttpStatusCode Status, string Body), bool> expected)
    {
        var deadline = DateTime.UtcNow + Timeout;
        (HttpStatusCode, string) last = default;
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                last = await GetAsync(port, path);
                if (expected(last)) return;
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            await Task.Delay(200);
        }
        Assert.Fail($"GET {path} on port {port} never answered as expected; last answer: {last}");
    }

    private EvopoProcess Start(IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var process = EvopoProcess.Start(environment, args);
        _processes.Add(process);
        return process;
    }

    [GeneratedRegex(@"evopo_pending_units\{run=""k8s-run""\} \d+")]
    private static partial Regex PendingPattern();
}
