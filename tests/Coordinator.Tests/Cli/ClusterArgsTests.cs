using System.Net;
using EvoPo.Coordinator.Cli;
using EvoPo.Coordinator.Hosting;

namespace EvoPo.Coordinator.Tests.Cli;

/// <summary>The node options that containers set: the HTTP port of the probes and metrics, and an automatic public address.</summary>
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

    private static NodeOptions Read(string[] args) => ClusterArgs.Read(new CliArgs("worker", args), [NodeRoles.Worker], defaultJournal: null);
}
