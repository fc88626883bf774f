namespace EvoPo.Coordinator.Hosting;

/// <summary>
/// How one process joins the cluster. The embedded default holds both roles, listens on a free loopback port
/// and joins itself: the same sharding path a multi-machine cluster uses, in one process.
/// </summary>
public sealed record NodeOptions
{
    public const string SystemName = "evopo";

    public required string DatabasePath { get; init; }

    public IReadOnlyList<string> Roles { get; init; } = [NodeRoles.Coordinator, NodeRoles.Worker];

    public string Hostname { get; init; } = "127.0.0.1";

    /// <summary>0 picks a free port.</summary>
    public int Port { get; init; }

    /// <summary>Seed node addresses (akka.tcp://evopo@host:port); empty: join self.</summary>
    public IReadOnlyList<string> Seeds { get; init; } = [];

    /// <summary>TorchSharp device of this node's worker role ("cpu", "cuda", "cuda:1").</summary>
    public string Device { get; init; } = "cpu";

    public bool IsWorker => Roles.Contains(NodeRoles.Worker);
}
