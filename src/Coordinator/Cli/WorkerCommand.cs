using System.CommandLine;
using EvoPo.Coordinator.Hosting;

namespace EvoPo.Coordinator.Cli;

/// <summary><c>evopo worker</c>: a worker-role node that trains the units the cluster sends it until stopped.</summary>
public sealed class WorkerCommand : CliCommand
{
    /// <summary>Exit code of a worker the cluster refused (protocol mismatch).</summary>
    public const int Refused = 3;

    /// <summary>Exit code of a worker that lost its cluster: no coordinator for too long, or downed (a supervisor restarts it to rejoin).</summary>
    public const int CoordinatorLost = 4;

    /// <summary>Only for compatibility tests: the protocol version this worker claims.</summary>
    public const string ProtocolOverrideVariable = "EVOPO_PROTOCOL_VERSION";

    public const string CoordinatorTimeoutVariable = "EVOPO_COORDINATOR_TIMEOUT";

    private readonly ClusterArgs _cluster = new();
    private readonly Option<int> _capacity = CliOptions.Int("--capacity", "K", "units run at once", 1, 1, 64);
    private readonly Option<string> _device = CliOptions.Text("--device", "D",
        "TorchSharp device: cpu, cuda, cuda:N; a device this host lacks stops the worker at start", "cpu");
    private readonly Option<string> _cache = CliOptions.Text("--cache", "DIR", "where artifacts fetched from coordinators are kept (default ~/.cache/evopo/artifacts)");
    private readonly Option<bool> _fetchArtifacts = CliOptions.Flag("--fetch-artifacts", "always download artifacts from the coordinator, even if their path exists here");
    private readonly Option<double?> _simulate = CliOptions.OptionalDouble("--simulate-unit-seconds", "S",
        "do not train: every unit takes S seconds (cluster benchmarks and tests; only runs with work.simulated: true use it)", min: 0);
    private readonly Option<double> _grace = CliOptions.Double("--grace-seconds", "S",
        "on Ctrl-C / SIGTERM, finish the running units for at most S seconds before leaving", 60, min: 0);
    private readonly Option<double?> _coordinatorTimeout = CliOptions.OptionalDouble("--coordinator-timeout", "S",
        $"exit with code {CoordinatorLost} when the cluster has had no coordinator for S seconds (env {CoordinatorTimeoutVariable}; default 120; 0 = never), " +
        "so a supervisor restarts the worker and it joins a restarted coordinator through the seeds", min: 0);

    public WorkerCommand() : base("worker", "run a worker node: joins the cluster and trains work units",
        """
        --seeds or --discovery (or CLUSTER_SEEDS, CLUSTER_DISCOVERY) is required: a worker joins a coordinator's cluster.
        Ctrl-C / SIGTERM: the worker takes no new units, finishes the running ones (at most --grace-seconds), then
        leaves the cluster (at most 20 s) and stops the node (at most 30 s more); a unit still running after the grace
        period is cancelled and the coordinator sends it again to another worker (`docs/operations.md`).
        """,
        "evopo worker --seeds 10.0.0.5:4053 --port 4054",
        "evopo worker --contact-points 10.0.0.5:8558,10.0.0.6:8558 --public-host auto")
    {
        _cluster.AddTo(this);
        CliOptions.Add(this, _capacity, _device, _cache, _fetchArtifacts, _simulate, _grace, _coordinatorTimeout);
    }

    protected override async Task<int> RunAsync(ParseResult parse, CancellationToken cancellation)
    {
        var options = _cluster.Read(parse, [NodeRoles.Worker], defaultJournal: null) with { Journal = null };
        var capacity = parse.GetValue(_capacity);
        var device = parse.GetRequiredValue(_device);
        var cache = parse.GetValue(_cache);
        var alwaysFetch = parse.GetValue(_fetchArtifacts);
        var simulate = parse.GetValue(_simulate);
        var grace = parse.GetValue(_grace);
        var coordinatorTimeout = parse.GetValue(_coordinatorTimeout) ?? CoordinatorTimeoutFromEnvironment() ?? 120;
        if (GpuWorker.Torch.DeviceCheck.NameProblem(device) is { } badDevice) throw new UsageException(badDevice);
        if (options.Seeds.Count == 0 && options.Discovery is null)
            throw new UsageException("--seeds or --discovery (or CLUSTER_SEEDS, CLUSTER_DISCOVERY) is required: a worker joins a coordinator's cluster");
        options = options with
        {
            Capacity = capacity,
            Device = device,
            CacheDirectory = cache ?? options.CacheDirectory,
            AlwaysFetchArtifacts = alwaysFetch,
            SimulatedUnitDuration = simulate is { } seconds ? TimeSpan.FromSeconds(seconds) : null,
            ProtocolVersion = int.TryParse(Environment.GetEnvironmentVariable(ProtocolOverrideVariable), out var v) ? v : options.ProtocolVersion,
        };

        // Before the node: /healthz answers while the node joins, /readyz once its region is registered.
        await using var http = Http.NodeHttpServer.StartIfRequested(ref options);
        await using var node = await EvoPoNode.StartAsync(options, cancellation);
        var found = options.Discovery is { } discovery
            ? $"{discovery.Method.ToString().ToLowerInvariant()} discovery, management port {discovery.ManagementPort}"
            : $"seeds {string.Join(", ", options.Seeds)}";
        Console.WriteLine($"worker {node.Address} up (capacity {capacity}, device {device}), {found}");
        var stopped = new TaskCompletionSource();
        await using var registration = cancellation.Register(() => stopped.TrySetResult());
        using var watching = new CancellationTokenSource();
        var lost = coordinatorTimeout > 0
            ? CoordinatorWatch.WaitUntilLostAsync(node.System, TimeSpan.FromSeconds(coordinatorTimeout), watching.Token)
            : Task.Delay(Timeout.Infinite, watching.Token);
        var ended = await Task.WhenAny(stopped.Task, node.Refused, node.System.WhenTerminated, lost);
        await watching.CancelAsync();
        if (ended == lost && lost.IsCompletedSuccessfully)
        {
            Console.Error.WriteLine($"evopo worker: the cluster has had no coordinator for {coordinatorTimeout:0.#} s; " +
                                    "exiting so that a restart joins the current coordinator through the seeds");
            await LeaveAsync(node);
            return CoordinatorLost;
        }
        // Downed for a protocol mismatch: the refusal's reason may arrive just after the system stops.
        if (ended == node.System.WhenTerminated) await Task.WhenAny(node.Refused, Task.Delay(TimeSpan.FromSeconds(2), CancellationToken.None));
        if (node.Refused.IsCompleted)
        {
            Console.Error.WriteLine($"evopo worker: refused by the cluster: {await node.Refused}");
            return Refused;
        }
        if (ended == node.System.WhenTerminated)
        {
            Console.Error.WriteLine("evopo worker: the node was downed by the cluster (unreachable, or on the minority side of a split); " +
                                    "exiting so that a restart joins again through the seeds");
            return CoordinatorLost;
        }
        Console.WriteLine($"worker draining: no new units, finishing the running ones (at most {grace:0.#} s)");
        if (!await node.DrainAsync(TimeSpan.FromSeconds(grace)))
            Console.Error.WriteLine($"evopo worker: units still running after {grace:0.#} s; leaving anyway (the coordinator sends them again)");
        Console.WriteLine("worker leaving the cluster");
        await LeaveAsync(node);
        return 0;
    }

    private static double? CoordinatorTimeoutFromEnvironment()
    {
        if (CliOptions.Environment(CoordinatorTimeoutVariable) is not { } text) return null;
        return double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var seconds) && seconds >= 0
            ? seconds
            : throw new UsageException($"{CoordinatorTimeoutVariable} must be a number of seconds >= 0, got '{text}'");
    }

    private static async Task LeaveAsync(EvoPoNode node)
    {
        using var leaving = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        try
        {
            await Akka.Cluster.Cluster.Get(node.System).LeaveAsync(leaving.Token);
        }
        catch (OperationCanceledException)
        {
            Console.Error.WriteLine("no cluster left to say goodbye to; stopping anyway");
        }
    }
}
