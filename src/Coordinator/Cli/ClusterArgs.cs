using EvoPo.Coordinator.Hosting;

namespace EvoPo.Coordinator.Cli;

/// <summary>
/// The cluster options every node command shares. Flags win over the environment (CLUSTER_SEEDS, CLUSTER_DISCOVERY,
/// CLUSTER_CONTACT_POINTS, CLUSTER_MANAGEMENT_PORT, CLUSTER_IP, CLUSTER_PUBLIC_IP, CLUSTER_PORT, EVOPO_POSTGRES); with
/// none of them a command runs the embedded node.
/// </summary>
public static class ClusterArgs
{
    public const string Help = """
          --seeds A,B      seed nodes, host:port (env CLUSTER_SEEDS); none: this process is its own cluster
          --discovery M    form the cluster with Cluster Bootstrap instead of seeds: config | kubernetes
                           (env CLUSTER_DISCOVERY; default config when --contact-points is given)
          --contact-points A,B  management endpoints host:port of the nodes that may found the cluster, hosts
                           spelled as those nodes advertise themselves (env CLUSTER_CONTACT_POINTS)
          --management-port N  this node's management (bootstrap) port (env CLUSTER_MANAGEMENT_PORT, default 8558)
          --host H         address to bind (env CLUSTER_IP, default 127.0.0.1)
          --public-host H  address other nodes reach this one by, if different (env CLUSTER_PUBLIC_IP);
                           auto: this machine's first non-loopback IPv4 address (containers scaled by compose)
          --port N         remoting port (env CLUSTER_PORT, default: any free port)
          --postgres CS    journal on PostgreSQL, an Npgsql connection string (env EVOPO_POSTGRES); default SQLite
          --tls-cert F     remoting over mutual TLS with the cluster certificate F (PKCS#12; env EVOPO_TLS_CERT,
                           password in env EVOPO_TLS_CERT_PASSWORD); every node needs the same file
          --http-port N    serve /healthz, /readyz and /metrics (Prometheus) on port N (env EVOPO_HTTP_PORT); default off
        """;

    public static NodeOptions Read(CliArgs args, IReadOnlyList<string> roles, JournalOptions? defaultJournal)
    {
        var seeds = (args.Option("seeds") ?? Env("CLUSTER_SEEDS") ?? "")
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var tlsCertificate = args.Option("tls-cert") ?? Env(ClusterTls.CertificateVariable);
        foreach (var seed in seeds)
        {
            try
            {
                NodeOptions.SeedAddress(seed, tls: tlsCertificate is not null);
            }
            catch (ArgumentException e)
            {
                throw new UsageException(args.Command, "--seeds: " + e.Message);
            }
        }
        var discovery = Discovery(args);
        if (discovery is not null && seeds.Length > 0)
            throw new UsageException(args.Command, "--seeds and --discovery exclude each other: give one way to find the cluster");
        var portText = args.Option("port") ?? Env("CLUSTER_PORT");
        var port = 0;
        if (portText is not null && (!int.TryParse(portText, out port) || port is < 0 or > 65535))
            throw new UsageException(args.Command, $"--port (or CLUSTER_PORT) must be an integer in [0, 65535], got '{portText}'");
        var httpText = args.Option("http-port") ?? Env(Http.NodeHttpServer.PortVariable);
        int? httpPort = null;
        if (httpText is not null)
        {
            if (!int.TryParse(httpText, out var http) || http is < 1 or > 65535)
                throw new UsageException(args.Command, $"--http-port (or {Http.NodeHttpServer.PortVariable}) must be an integer in [1, 65535], got '{httpText}'");
            httpPort = http;
        }
        var postgres = args.Option("postgres") ?? Env("EVOPO_POSTGRES");
        return new NodeOptions
        {
            Tls = tlsCertificate is null ? null : ClusterTls.Load(tlsCertificate, Env(ClusterTls.PasswordVariable)),
            Journal = postgres is null ? defaultJournal : JournalOptions.Postgres(postgres),
            Roles = roles,
            Seeds = seeds,
            Discovery = discovery,
            Hostname = args.Option("host") ?? Env("CLUSTER_IP") ?? "127.0.0.1",
            PublicHostname = PublicHost(args.Option("public-host") ?? Env("CLUSTER_PUBLIC_IP"), args.Command),
            Port = port,
            HttpPort = httpPort,
        };
    }

    /// <summary>Cluster Bootstrap's discovery, or null (seeds or the embedded node); the checks live in <see cref="DiscoveryOptions.Parse"/>.</summary>
    private static DiscoveryOptions? Discovery(CliArgs args)
    {
        var contactPoints = args.Option("contact-points") ?? Env("CLUSTER_CONTACT_POINTS");
        var managementPort = args.Option("management-port") ?? Env("CLUSTER_MANAGEMENT_PORT");
        var method = args.Option("discovery") ?? Env("CLUSTER_DISCOVERY") ?? (contactPoints is null ? null : "config");
        if (method is null)
            return managementPort is null ? null : throw new UsageException(args.Command, "--management-port needs --discovery");
        try
        {
            return DiscoveryOptions.Parse(method, contactPoints, managementPort);
        }
        catch (ArgumentException e)
        {
            throw new UsageException(args.Command, e.Message);
        }
    }

    /// <summary><c>--role coordinator|worker|both</c> for search and resume (default both: the embedded node).</summary>
    public static IReadOnlyList<string> Roles(CliArgs args) => (args.Option("role") ?? "both") switch
    {
        "both" => [NodeRoles.Coordinator, NodeRoles.Worker],
        "coordinator" => [NodeRoles.Coordinator],
        var other => throw new UsageException(args.Command, $"--role must be both | coordinator, got '{other}'"),
    };

    /// <summary>"auto" becomes the first IPv4 address of an interface that is up and not loopback.</summary>
    private static string? PublicHost(string? value, string command)
    {
        if (value != "auto") return value;
        var address = System.Net.NetworkInformation.NetworkInterface.GetAllNetworkInterfaces()
            .Where(i => i.OperationalStatus == System.Net.NetworkInformation.OperationalStatus.Up
                        && i.NetworkInterfaceType != System.Net.NetworkInformation.NetworkInterfaceType.Loopback)
            .SelectMany(i => i.GetIPProperties().UnicastAddresses)
            .Select(a => a.Address)
            .FirstOrDefault(a => a.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork && !System.Net.IPAddress.IsLoopback(a));
        return address?.ToString() ?? throw new UsageException(command, "--public-host auto: this machine has no non-loopback IPv4 address");
    }

    private static string? Env(string name) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? value : null;
}
