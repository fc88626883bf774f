using EvoPo.Coordinator.Hosting;

namespace EvoPo.Coordinator.Cli;

/// <summary><c>evopo worker</c>: a worker-role node that trains the units the cluster sends it until stopped.</summary>
public sealed class WorkerCommand : ICliCommand
{
    /// <summary>Exit code of a worker the cluster refused (protocol mismatch).</summary>
    public const int Refused = 3;

    /// <summary>Only for compatibility tests: the protocol version this worker claims.</summary>
    public const string ProtocolOverrideVariable = "EVOPO_PROTOCOL_VERSION";

    /// <summary>Exit code of a worker that gave up waiting for a coordinator (<c>--exit-without-coordinator</c>).</summary>
    public const int CoordinatorLost = 4;

    public const string CoordinatorTimeoutVariable = "EVOPO_EXIT_WITHOUT_COORDINATOR";

    public string Name => "worker";

    public string Summary => "run a worker node: joins the cluster and trains work units";

    public string Usage => $"""
        usage: evopo worker --seeds HOST:PORT[,...] [--port N] [--capacity K] [--device cpu|cuda] [--cache DIR] [--fetch-artifacts]

        {ClusterArgs.Help}
          --capacity K     units run at once (default 1)
          --device D       TorchSharp device (default cpu)
          --cache DIR      where artifacts fetched from coordinators are kept (default ~/.cache/evopo/artifacts)
          --fetch-artifacts  always download artifacts from the coordinator, even if their path exists here
          --simulate-unit-seconds S  do not train: every unit takes S seconds (cluster benchmarks and tests)
          --exit-without-coordinator S  exit (code 4) once the cluster has had no coordinator for S seconds
                           (env EVOPO_EXIT_WITHOUT_COORDINATOR; off by default). For containers: a restarted
                           coordinator that is its own seed founds a new cluster, and the restarted worker joins it.

        Ctrl-C / SIGTERM leaves the cluster (at most 20 s), then stops the node (at most 30 s more); a unit it
        was running is cancelled and the coordinator sends it again to another worker (`docs/operations.md`).

        example:
          evopo worker --seeds 10.0.0.5:4053 --port 4054
        """;

    public async Task<int> RunAsync(CliArgs args, CancellationToken cancellation)
    {
        var options = ClusterArgs.Read(args, [NodeRoles.Worker], defaultJournal: null) with { Journal = null };
        var capacity = args.Int("capacity", 1, min: 1, max: 64);
        var device = args.Option("device") ?? "cpu";
        var cache = args.Option("cache");
        var alwaysFetch = args.Flag("fetch-artifacts");
        var simulate = args.Option("simulate-unit-seconds") is null ? (double?)null : args.Double("simulate-unit-seconds", 0);
        var coordinatorTimeout = CoordinatorTimeout(args);
        args.EnsureAllUsed(maxPositionals: 0);
        if (options.Seeds.Count == 0) throw new UsageException(Name, "--seeds (or CLUSTER_SEEDS) is required: a worker joins a coordinator's cluster");
        options = options with
        {
            Capacity = capacity,
            Device = device,
            CacheDirectory = cache ?? options.CacheDirectory,
            AlwaysFetchArtifacts = alwaysFetch,
            SimulatedUnitDuration = simulate is { } seconds ? TimeSpan.FromSeconds(Math.Max(0, seconds)) : null,
            ProtocolVersion = int.TryParse(Environment.GetEnvironmentVariable(ProtocolOverrideVariable), out var v) ? v : options.ProtocolVersion,
        };

        // Before the node: /healthz answers while the node joins, /readyz once its region is registered.
        await using var http = Http.NodeHttpServer.StartIfRequested(ref options);
        await using var node = await EvoPoNode.StartAsync(options, cancellation);
        Console.WriteLine($"worker {node.Address} up (capacity {capacity}, device {device}), seeds {string.Join(", ", options.Seeds)}");
        var stopped = new TaskCompletionSource();
        await using var registration = cancellation.Register(() => stopped.TrySetResult());
        var orphaned = coordinatorTimeout is { } timeout ? WatchCoordinatorAsync(node, timeout, cancellation) : Task.Delay(Timeout.Infinite, cancellation);
        var ended = await Task.WhenAny(stopped.Task, node.Refused, node.System.WhenTerminated, orphaned);
        if (ended == orphaned && orphaned.IsCompletedSuccessfully)
        {
            Console.Error.WriteLine($"evopo worker: no coordinator in the cluster for {coordinatorTimeout!.Value.TotalSeconds:F0} s; leaving, to be restarted and join the seeds again");
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
            Console.Error.WriteLine("evopo worker: the node was stopped (downed by the cluster?)");
            return CliApp.Failure;
        }
        Console.WriteLine("worker leaving the cluster");
        await LeaveAsync(node);
        return 0;
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

    private TimeSpan? CoordinatorTimeout(CliArgs args)
    {
        var text = args.Option("exit-without-coordinator") ?? Environment.GetEnvironmentVariable(CoordinatorTimeoutVariable);
        if (string.IsNullOrEmpty(text)) return null;
        if (!double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var seconds) || seconds < 5)
            throw new UsageException(Name, $"--exit-without-coordinator (or {CoordinatorTimeoutVariable}) must be a number of seconds >= 5, got '{text}'");
        return TimeSpan.FromSeconds(seconds);
    }

    /// <summary>Completes once no coordinator has been a reachable Up member for <paramref name="timeout"/>, counted from now.</summary>
    private static async Task WatchCoordinatorAsync(EvoPoNode node, TimeSpan timeout, CancellationToken cancellation)
    {
        var cluster = Akka.Cluster.Cluster.Get(node.System);
        var lastSeen = DateTime.UtcNow;
        while (DateTime.UtcNow - lastSeen < timeout)
        {
            await Task.Delay(TimeSpan.FromSeconds(1), cancellation);
            var state = cluster.State;
            if (state.Members.Any(m => m.HasRole(NodeRoles.Coordinator) && m.Status == Akka.Cluster.MemberStatus.Up && !state.Unreachable.Contains(m)))
                lastSeen = DateTime.UtcNow;
        }
    }
}
