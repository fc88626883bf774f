namespace EvoPo.Coordinator.Hosting;

/// <summary>
/// Cluster formation without static seeds (Akka.Management Cluster Bootstrap): the node serves its management
/// endpoint on <see cref="ManagementPort"/>, finds the other nodes' endpoints with <see cref="Method"/>, asks each
/// whether it is in a cluster and joins that one, or, when none is and this node is the lowest contact point,
/// founds it (docs/cluster.md, "Forming the cluster").
/// </summary>
public sealed record DiscoveryOptions
{
    public const int DefaultManagementPort = 8558;

    /// <summary>The pod label every cluster member carries in deploy/k8s (coordinators and workers alike).</summary>
    public const string DefaultLabelSelector = "evopo.io/cluster-member=true";

    /// <summary>Names the <c>--discovery</c> values accept, in the order help and errors list them.</summary>
    public static readonly IReadOnlyList<string> MethodNames = ["config", "kubernetes"];

    public required DiscoveryMethod Method { get; init; }

    /// <summary>Management endpoints as host:port (config discovery only), hosts spelled as the nodes advertise themselves.</summary>
    public IReadOnlyList<string> ContactPoints { get; init; } = [];

    /// <summary>Port of this node's management endpoint (HTTP, /bootstrap/seed-nodes).</summary>
    public int ManagementPort { get; init; } = DefaultManagementPort;

    /// <summary>Pods that are contact points (Kubernetes discovery only).</summary>
    public string LabelSelector { get; init; } = DefaultLabelSelector;

    /// <summary>
    /// Reads the command line's choice; a wrong method, a missing or malformed contact point is an
    /// <see cref="ArgumentException"/> whose message names the option and what it accepts.
    /// </summary>
    public static DiscoveryOptions Parse(string method, string? contactPoints, string? managementPort)
    {
        var port = DefaultManagementPort;
        if (managementPort is not null && (!int.TryParse(managementPort, out port) || port is < 1 or > 65535))
            throw new ArgumentException($"--management-port must be an integer in [1, 65535], got '{managementPort}'");
        var kind = method switch
        {
            "config" => DiscoveryMethod.Config,
            "kubernetes" => DiscoveryMethod.Kubernetes,
            _ => throw new ArgumentException($"--discovery must be {string.Join(" | ", MethodNames)}, got '{method}'"),
        };
        var points = (contactPoints ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (kind == DiscoveryMethod.Config && points.Length == 0)
            throw new ArgumentException("--discovery config needs --contact-points host:port,... (the management endpoints of the nodes that may found the cluster)");
        if (kind == DiscoveryMethod.Kubernetes && points.Length > 0)
            throw new ArgumentException("--contact-points is for --discovery config; Kubernetes discovery lists the pods itself");
        foreach (var point in points) CheckContactPoint(point);
        if (points.Distinct(StringComparer.OrdinalIgnoreCase).Count() != points.Length)
            throw new ArgumentException($"--contact-points lists an endpoint twice: {string.Join(",", points)}");
        return new DiscoveryOptions { Method = kind, ContactPoints = points, ManagementPort = port };
    }

    /// <summary>host:port with a port in [1, 65535]; Akka's config discovery splits on ':' so IPv6 literals cannot be given.</summary>
    private static void CheckContactPoint(string point)
    {
        var parts = point.Split(':');
        if (parts.Length != 2 || parts[0].Length == 0 || !int.TryParse(parts[1], out var port) || port is < 1 or > 65535)
            throw new ArgumentException($"--contact-points: '{point}' is not host:port (a management endpoint, e.g. coordinator:{DefaultManagementPort})");
    }
}
