using System.CommandLine;
using System.Globalization;
using EvoPo.Coordinator.Hosting;
using EvoPo.Coordinator.Runs;

namespace EvoPo.Coordinator.Cli;

/// <summary>
/// The cluster options every node command shares, declared once and added to each (<see cref="AddTo"/>, <see cref="AddCoordinatorTo"/>). Flags win over
/// the environment (CLUSTER_SEEDS, CLUSTER_DISCOVERY, CLUSTER_CONTACT_POINTS, CLUSTER_MANAGEMENT_PORT, CLUSTER_IP,
/// CLUSTER_PUBLIC_IP, CLUSTER_PORT, EVOPO_POSTGRES, EVOPO_TLS_CERT, EVOPO_HTTP_PORT); with none of them a command runs
/// the embedded node.
/// </summary>
public sealed class ClusterArgs
{
    private readonly Option<string> _seeds = CliOptions.Text("--seeds", "HOST:PORT,...",
        "seed nodes (env CLUSTER_SEEDS); none: this process is its own cluster");

    // Text, not a choice or an int: the environment variables take the same checks (DiscoveryOptions.Parse).
    private readonly Option<string> _discovery = CliOptions.Text("--discovery", "config|kubernetes",
        "form the cluster with Cluster Bootstrap instead of seeds (env CLUSTER_DISCOVERY; default config when --contact-points is given)");

    private readonly Option<string> _contactPoints = CliOptions.Text("--contact-points", "HOST:PORT,...",
        "management endpoints of the nodes that may found the cluster, hosts spelled as those nodes advertise themselves (env CLUSTER_CONTACT_POINTS)");

    private readonly Option<string> _managementPort = CliOptions.Text("--management-port", "N",
        "this node's management (bootstrap) port (env CLUSTER_MANAGEMENT_PORT; default 8558)");

    private readonly Option<string> _host = CliOptions.Text("--host", "H", "address to bind (env CLUSTER_IP; default 127.0.0.1)");

    private readonly Option<string> _publicHost = CliOptions.Text("--public-host", "H",
        "address other nodes reach this one by, if different (env CLUSTER_PUBLIC_IP); auto: this machine's first non-loopback IPv4 address (containers scaled by compose)");

    private readonly Option<int?> _port = CliOptions.OptionalInt("--port", "N", "remoting port (env CLUSTER_PORT; default 0: any free port)", 0, 65535);

    private readonly Option<string> _postgres = CliOptions.Postgres();

    private readonly Option<string> _tlsCertificate = CliOptions.Text("--tls-cert", "F",
        "remoting over mutual TLS with the cluster certificate F (PKCS#12; env EVOPO_TLS_CERT, password in env EVOPO_TLS_CERT_PASSWORD); every node needs the same file");

    private readonly Option<int?> _httpPort = CliOptions.OptionalInt("--http-port", "N",
        $"serve /healthz, /readyz and /metrics (Prometheus) on port N (env {Http.NodeHttpServer.PortVariable}; default off, and {CoordinatorCommand.DefaultHttpPort} for `evopo coordinator`, which serves its submission API there too)", 1, 65535);

    private readonly Option<string> _role = CliOptions.Choice("--role",
        "both: the embedded node with a worker; coordinator: workers join with `evopo worker`", "both", ["both", "coordinator"]);

    private bool _seedsOnCommandLine = true;

    /// <summary>The options of a worker node.</summary>
    public void AddTo(Command command) =>
        CliOptions.Add(command, _seeds, _discovery, _contactPoints, _managementPort, _host, _publicHost, _port, _postgres, _tlsCertificate, _httpPort);

    /// <summary><c>--role</c> and the options of a node that drives runs (search, resume, experiment, tuned baselines).</summary>
    /// <param name="seeds">False where the command's own <c>--seeds</c> means something else (baselines: training seeds); CLUSTER_SEEDS still applies.</param>
    public void AddCoordinatorTo(Command command, bool seeds = true)
    {
        _seedsOnCommandLine = seeds;
        CliOptions.Add(command, _role);
        CliOptions.Add(command, new Option[] { _seeds, _discovery, _contactPoints, _managementPort, _host, _publicHost, _port, _postgres, _tlsCertificate, _httpPort }.Where(o => seeds || o != _seeds));
    }

    /// <summary>True for <c>--role coordinator</c>: this process sends the work to <c>evopo worker</c> nodes and runs none itself.</summary>
    public bool IsCoordinatorOnly(ParseResult parse) => parse.GetRequiredValue(_role) == "coordinator";

    /// <summary>Whether the command line (not the environment) names a cluster to join: seeds, a discovery method or contact points.</summary>
    public bool NamesACluster(ParseResult parse) =>
        (_seedsOnCommandLine && parse.GetValue(_seeds) is not null) || parse.GetValue(_discovery) is not null || parse.GetValue(_contactPoints) is not null;

    /// <summary>The node of a command added with <see cref="AddCoordinatorTo"/>: its roles, and its journal by default SQLite in <paramref name="runs"/>.</summary>
    public NodeOptions ReadCoordinator(ParseResult parse, string runs) =>
        Read(parse, parse.GetRequiredValue(_role) == "coordinator" ? [NodeRoles.Coordinator] : [NodeRoles.Coordinator, NodeRoles.Worker],
            JournalOptions.Sqlite(RunFolder.DatabasePathOf(runs)));

    public NodeOptions Read(ParseResult parse, IReadOnlyList<string> roles, JournalOptions? defaultJournal)
    {
        var seeds = ((_seedsOnCommandLine ? parse.GetValue(_seeds) : null) ?? CliOptions.Environment("CLUSTER_SEEDS") ?? "")
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var tlsCertificate = parse.GetValue(_tlsCertificate) ?? CliOptions.Environment(ClusterTls.CertificateVariable);
        foreach (var seed in seeds)
        {
            try
            {
                NodeOptions.SeedAddress(seed, tls: tlsCertificate is not null);
            }
            catch (ArgumentException e)
            {
                throw new UsageException("--seeds: " + e.Message);
            }
        }
        var discovery = Discovery(parse);
        if (discovery is not null && seeds.Length > 0)
            throw new UsageException("--seeds and --discovery exclude each other: give one way to find the cluster");
        var postgres = CliOptions.PostgresOf(parse, _postgres);
        return new NodeOptions
        {
            Tls = tlsCertificate is null ? null : ClusterTls.Load(tlsCertificate, CliOptions.Environment(ClusterTls.PasswordVariable)),
            Journal = postgres is null ? defaultJournal : JournalOptions.Postgres(postgres),
            Roles = roles,
            Seeds = seeds,
            Discovery = discovery,
            Hostname = parse.GetValue(_host) ?? CliOptions.Environment("CLUSTER_IP") ?? "127.0.0.1",
            PublicHostname = PublicHost(parse.GetValue(_publicHost) ?? CliOptions.Environment("CLUSTER_PUBLIC_IP")),
            Port = parse.GetValue(_port) ?? FromEnvironment("--port", "CLUSTER_PORT", 0, 65535) ?? 0,
            HttpPort = parse.GetValue(_httpPort) ?? FromEnvironment("--http-port", Http.NodeHttpServer.PortVariable, 1, 65535),
            TestUnitDelay = double.TryParse(CliOptions.Environment(NodeOptions.TestUnitDelayVariable), CultureInfo.InvariantCulture, out var delay) && delay > 0
                ? TimeSpan.FromSeconds(delay)
                : TimeSpan.Zero,
        };
    }

    /// <summary>Cluster Bootstrap's discovery, or null (seeds or the embedded node); the checks live in <see cref="DiscoveryOptions.Parse"/>.</summary>
    private DiscoveryOptions? Discovery(ParseResult parse)
    {
        var contactPoints = parse.GetValue(_contactPoints) ?? CliOptions.Environment("CLUSTER_CONTACT_POINTS");
        var managementPort = parse.GetValue(_managementPort) ?? CliOptions.Environment("CLUSTER_MANAGEMENT_PORT");
        var method = parse.GetValue(_discovery) ?? CliOptions.Environment("CLUSTER_DISCOVERY") ?? (contactPoints is null ? null : "config");
        if (method is null)
            return managementPort is null ? null : throw new UsageException("--management-port needs --discovery");
        try
        {
            return DiscoveryOptions.Parse(method, contactPoints, managementPort);
        }
        catch (ArgumentException e)
        {
            throw new UsageException(e.Message);
        }
    }

    /// <summary>An integer option's environment variable, checked as the option itself is.</summary>
    private static int? FromEnvironment(string option, string variable, int min, int max)
    {
        if (CliOptions.Environment(variable) is not { } text) return null;
        var (value, error) = CliOptions.ParseInt(text, $"{option} (or {variable})", min, max);
        return error is null ? value : throw new UsageException(error);
    }

    /// <summary>"auto" becomes the first IPv4 address of an interface that is up and not loopback.</summary>
    private static string? PublicHost(string? value)
    {
        if (value != "auto") return value;
        var address = System.Net.NetworkInformation.NetworkInterface.GetAllNetworkInterfaces()
            .Where(i => i.OperationalStatus == System.Net.NetworkInformation.OperationalStatus.Up
                        && i.NetworkInterfaceType != System.Net.NetworkInformation.NetworkInterfaceType.Loopback)
            .SelectMany(i => i.GetIPProperties().UnicastAddresses)
            .Select(a => a.Address)
            .FirstOrDefault(a => a.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork && !System.Net.IPAddress.IsLoopback(a));
        return address?.ToString() ?? throw new UsageException("--public-host auto: this machine has no non-loopback IPv4 address");
    }
}
