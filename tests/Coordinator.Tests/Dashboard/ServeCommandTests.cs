using System.Net;
using System.Net.Sockets;
using EvoPo.Coordinator.Tests.Cli;

namespace EvoPo.Coordinator.Tests.Dashboard;

/// <summary><c>evopo serve</c> refuses bad input with a message that says what to do.</summary>
public sealed class ServeCommandTests : IDisposable
{
    private readonly string _runs = Directory.CreateTempSubdirectory("evopo-serve-").FullName;

    public void Dispose() => Directory.Delete(_runs, recursive: true);

    [Fact]
    public async Task Missing_runs_directory_is_named()
    {
        var missing = Path.Combine(_runs, "nope");
        var e = await Evopo.FailureAsync("serve", "--runs", missing);
        Assert.Contains(missing, e);
        Assert.Contains("does not exist", e);
    }

    [Theory]
    [InlineData("127.0.0.1:8080")]
    [InlineData("https://127.0.0.1:8080")]
    [InlineData("http://127.0.0.1:8080/dash")]
    public async Task Bad_url_says_the_expected_form(string url)
    {
        var e = await Evopo.UsageErrorAsync("serve", "--runs", _runs, "--urls", url);
        Assert.Contains("--urls must be http://HOST:PORT", e);
    }

    [Theory]
    [InlineData("http://0.0.0.0:8080")]
    [InlineData("http://*:8080")]
    [InlineData("http://192.168.1.10:8080")]
    public async Task Non_loopback_address_is_refused_without_allow_remote(string url)
    {
        var e = await Evopo.UsageErrorAsync("serve", "--runs", _runs, "--urls", url);
        Assert.Contains("not a loopback address", e);
        Assert.Contains("--allow-remote", e);
    }

    [Fact]
    public async Task Port_in_use_is_a_clear_error()
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;

        var e = await Evopo.FailureAsync("serve", "--runs", _runs, "--urls", $"http://127.0.0.1:{port}");

        Assert.Contains($"cannot listen on http://127.0.0.1:{port}", e);
        Assert.Contains("--urls", e);
    }
}
