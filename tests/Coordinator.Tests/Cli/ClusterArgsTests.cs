using System.CommandLine;
using System.Net;
using EvoPo.Coordinator.Cli;
using EvoPo.Coordinator.Hosting;
using EvoPo.Coordinator.Tests.EndToEnd;

namespace EvoPo.Coordinator.Tests.Cli;

/// <summary>The node options that containers set: the HTTP port of the probes and metrics, an automatic public address, how the node finds its cluster.</summary>
[Collection(EndToEndCollection.Name)] // sets CLUSTER_PORT, which evopo processes started meanwhile would inherit
public sealed class ClusterArgsTests
{
    [Fact]
    public void The_http_port_is_off_unless_asked_for()
    {
        var options = Read(["--port", "4053"]);
        Assert.Null(options.HttpPort);
        Assert.Equal(4053, options.Port);
        Assert.Equal(9090, Read(["--http-port", "9090"]).HttpPort);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("70000")]
    [InlineData("http")]
    public void A_bad_http_port_is_refused_while_parsing_with_the_option_name(string value)
    {
        var error = Assert.Single(Parse(["--http-port", value]).Parse.Errors);
        Assert.Equal($"--http-port must be an integer in [1, 65535], got '{value}'", error.Message);
    }

    [Fact]
    public void A_bad_port_in_the_environment_is_refused_naming_the_variable_too()
    {
        var before = Environment.GetEnvironmentVariable("CLUSTER_PORT");
        Environment.SetEnvironmentVariable("CLUSTER_PORT", "99999");
        try
        {
            var error = Assert.Throws<UsageException>(() => Read([]));
            Assert.Equal("--port (or CLUSTER_PORT) must be an integer in [0, 65535], got '99999'", error.Message);
            Assert.Equal(4053, Read(["--port", "4053"]).Port); // the flag wins over the environment
        }
        finally
        {
            Environment.SetEnvironmentVariable("CLUSTER_PORT", before);
        }
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
        Assert.StartsWith(message, error.Message);
    }

    private static (ClusterArgs Cluster, ParseResult Parse) Parse(string[] args)
    {
        var cluster = new ClusterArgs();
        var command = new Command("worker");
        cluster.AddTo(command);
        return (cluster, command.Parse(args));
    }

    private static NodeOptions Read(string[] args)
    {
        var (cluster, parse) = Parse(args);
        Assert.Empty(parse.Errors);
        return cluster.Read(parse, [NodeRoles.Worker], defaultJournal: null);
    }
}
