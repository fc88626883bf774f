using System.Net;
using EvoPo.Coordinator.Cli;
using EvoPo.Coordinator.Hosting;

namespace EvoPo.Coordinator.Tests.Cli;

/// <summary>The node options that containers set: the HTTP port of the probes and metrics, an automatic public address, how the node finds its cluster.</summary>
public sealed class ClusterArgsTests
{
    [Fact]
    public void The_http_port_is_off_unless_asked_for()
    {
        var options = Read(["--port", "4053"]);
        Assert.Null(options.HttpPort);
        Assert.Equal(9090, Read(["--http-port", "9090"]).HttpPort);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("70000")]
    [InlineData("http")]
    public void A_bad_http_port_is_refused_with_the_option_name(string value)
    {
        var error = Assert.Throws<UsageException>(() => Read(["--http-port", value]));
        Assert.Contains("--http-port (or EVOPO_HTTP_PORT)", error.Message);
        Assert.Contains($"'{value}'", error.Message);
    }

    [Fact]
    public void Public_host_auto_is_an_ipv4_address_of_this_machine()
    {
        var address = IPAddress.Parse(Read(["--public-host", "auto"]).PublicHostname!);
        Assert.Equal(System.Net.Sockets.AddressFamily.InterNetwork, address.AddressFamily);
        Assert.False(IPAddress.IsLoopback(address));
    }

    [Fact]
    public void An_explicit_public_host_is_kept_as_written()
    {
        const string dns = "evopo-coordinator-0.evopo-coordinator.evopo.svc.cluster.local";
        Assert.Equal(dns, Read(["--public-host", dns]).PublicHostname);
    }

    [Fact]
    public void Without_seeds_or_discovery_the_node_joins_itself_as_before()
    {
        var options = Read([]);
        Assert.Empty(options.Seeds);
        Assert.Null(options.Discovery);
    }

    [Fact]
    public void Contact_points_alone_mean_config_discovery()
    {
        var discovery = Read(["--contact-points", "127.0.0.1:8558,127.0.0.1:8559", "--management-port", "8559"]).Discovery!;
        Assert.Equal(DiscoveryMethod.Config, discovery.Method);
        Assert.Equal(["127.0.0.1:8558", "127.0.0.1:8559"], discovery.ContactPoints);
        Assert.Equal(8559, discovery.ManagementPort);
        Assert.Equal(DiscoveryMethod.Kubernetes, Read(["--discovery", "kubernetes"]).Discovery!.Method);
    }

    [Theory]
    [InlineData("--seeds", "127.0.0.1:4053", "--discovery", "kubernetes", "--seeds and --discovery exclude each other")]
    [InlineData("--discovery", "dns", "--port", "4053", "--discovery must be config | kubernetes, got 'dns'")]
    [InlineData("--contact-points", "coordinator", "--port", "4053", "--contact-points: 'coordinator' is not host:port")]
    [InlineData("--management-port", "8558", "--port", "4053", "--management-port needs --discovery")]
    public void Conflicting_or_malformed_formation_options_are_usage_errors(string a, string b, string c, string d, string message)
    {
        var error = Assert.Throws<UsageException>(() => Read([a, b, c, d]));
        Assert.StartsWith($"evopo worker: {message}", error.Message);
    }

    private static NodeOptions Read(string[] args) => ClusterArgs.Read(new CliArgs("worker", args), [NodeRoles.Worker], defaultJournal: null);
}
