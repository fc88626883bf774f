using EvoPo.Messages;

namespace EvoPo.Coordinator.Hosting;

/// <summary>
/// How one process joins the cluster. The embedded default holds both roles, listens on a free loopback port
/// and joins itself: the same sharding path a multi-machine cluster uses, in one process.
/// </summary>
public sealed record NodeOptions
{
    public const string SystemName = "evopo";

    /// <summary>Journal and snapshot store of a coordinator (SQLite by default); null on worker-only nodes, which persist nothing.</summary>
    public required JournalOptions? Journal { get; init; }

    public IReadOnlyList<string> Roles { get; init; } = [NodeRoles.Coordinator, NodeRoles.Worker];

    /// <summary>Address to bind (0.0.0.0 in containers).</summary>
    public string Hostname { get; init; } = "127.0.0.1";

    /// <summary>Address other nodes use to reach this one, when it differs from <see cref="Hostname"/> (NAT, pods).</summary>
    public string? PublicHostname { get; init; }

    /// <summary>0 picks a free port.</summary>
    public int Port { get; init; }

    /// <summary>Remoting over TLS with this cluster certificate; null: plain TCP.</summary>
    public ClusterTls? Tls { get; init; }

    /// <summary>Seed nodes as host:port or full addresses (akka.tcp://evopo@host:port); empty: join self.</summary>
    public IReadOnlyList<string> Seeds { get; init; } = [];

    /// <summary>Cluster Bootstrap instead of seeds (never both); null with no seeds: join self.</summary>
    public DiscoveryOptions? Discovery { get; init; }

    /// <summary>TorchSharp device of this node's worker role ("cpu", "cuda", "cuda:1").</summary>
    public string Device { get; init; } = "cpu";

    /// <summary>Units a worker runs at once.</summary>
    public int Capacity { get; init; } = 1;

    /// <summary>Where a worker keeps artifacts downloaded from coordinators.</summary>
    public string CacheDirectory { get; init; } = DefaultCacheDirectory();

    /// <summary>Run every unit as a fixed delay instead of training (cluster benchmarks and tests only).</summary>
    public TimeSpan? SimulatedUnitDuration { get; init; }

    /// <summary>
    /// A pause before each training unit, zero unless <see cref="TestUnitDelayVariable"/> is set. End-to-end tests that kill
    /// a process between two units of a generation set it so that the gap is wide without training for longer (a pause
    /// changes no result, training does cost CPU). Not for production use.
    /// </summary>
    public TimeSpan TestUnitDelay { get; init; }

    public const string TestUnitDelayVariable = "EVOPO_TEST_UNIT_DELAY_SECONDS";

    /// <summary>Download artifacts from the coordinator even when their path exists on this machine.</summary>
    public bool AlwaysFetchArtifacts { get; init; }

    /// <summary>Port of the health and metrics endpoints (<c>--http-port</c>); null: none.</summary>
    public int? HttpPort { get; init; }

    /// <summary>Where the node reports its readiness (the HTTP endpoints' probe); null: nobody asks.</summary>
    public Http.NodeProbe? Probe { get; init; }

    /// <summary>The protocol version this node announces; only compatibility tests set it to anything but the current one.</summary>
    public int ProtocolVersion { get; init; } = Messages.ProtocolVersion.Current;

    public bool IsWorker => Roles.Contains(NodeRoles.Worker);

    public bool IsCoordinator => Roles.Contains(NodeRoles.Coordinator);

    /// <summary>
    /// "host:port" or a full address; both become akka.tcp://evopo@host:port, or akka.ssl.tcp://... with TLS.
    /// A full address of the other protocol is refused: it could never be reached.
    /// </summary>
    public static string SeedAddress(string seed, bool tls = false)
    {
        seed = seed.Trim();
        var protocol = tls ? "akka.ssl.tcp" : "akka.tcp";
        if (seed.StartsWith("akka.", StringComparison.Ordinal))
        {
            if (!seed.StartsWith(protocol + "://", StringComparison.Ordinal))
                throw new ArgumentException($"seed '{seed}' must use {protocol}:// " + (tls ? "(TLS is on)" : "(TLS is off; give --tls-cert to use akka.ssl.tcp)"));
            return seed;
        }
        var colon = seed.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(seed[(colon + 1)..], out var port) || port is <= 0 or > 65535)
            throw new ArgumentException($"seed '{seed}' is not host:port or {protocol}://{SystemName}@host:port");
        return $"{protocol}://{SystemName}@{seed}";
    }

    private static string DefaultCacheDirectory() =>
        Path.Combine(Environment.GetEnvironmentVariable("XDG_CACHE_HOME") is { Length: > 0 } xdg
            ? xdg
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache"), "evopo", "artifacts");
}
