using System.Net;
using System.Net.Sockets;
using EvoPo.Coordinator.Cli;
using EvoPo.Coordinator.Hosting;
using EvoPo.Coordinator.Http;

namespace EvoPo.Coordinator.Tests.Http;

/// <summary>
/// The endpoints over real HTTP against a real node in this process (a coordinator on a SQLite journal): what the
/// probes answer as the node starts, loses its journal, loses its actor system and is stopped.
/// </summary>
public sealed class NodeHttpServerTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    private readonly string _dir = Directory.CreateTempSubdirectory("evopo-node-http-").FullName;
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(20) };

    public void Dispose()
    {
        _http.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task Readiness_fails_when_the_journal_is_gone_and_liveness_when_the_actor_system_is()
    {
        var journal = Path.Combine(_dir, "evopo.db");
        File.WriteAllBytes(journal, []); // an empty file is an empty SQLite database
        var options = new NodeOptions { Journal = JournalOptions.Sqlite(journal), Roles = [NodeRoles.Coordinator], HttpPort = 0 };
        await using var server = NodeHttpServer.StartIfRequested(ref options)!;
        Assert.Same(server.Probe, options.Probe);
        Assert.Equal((HttpStatusCode.OK, "ok\n"), await GetAsync(server, "/healthz"));
        Assert.Equal((HttpStatusCode.ServiceUnavailable, "not ready: no cluster node running in this process\n"), await GetAsync(server, "/readyz"));

        var node = await EvoPoNode.StartAsync(options, CancellationToken.None);
        var stopped = false;
        try
        {
            await UntilAsync(server, "/readyz", r => r == (HttpStatusCode.OK, "ready\n"));
            Assert.Equal(1, (await ScrapeAsync(server)).Value("evopo_node_ready"));

            File.Delete(journal);
            var (status, body) = await UntilAsync(server, "/readyz", r => r.Status == HttpStatusCode.ServiceUnavailable);
            Assert.Equal($"not ready: the SQLite journal {journal} does not exist (deleted or moved, or not created yet)\n", body);
            Assert.Equal(0, (await ScrapeAsync(server)).Value("evopo_node_ready"));
            Assert.Equal((HttpStatusCode.OK, "ok\n"), await GetAsync(server, "/healthz"));

            await node.System.Terminate();
            Assert.Equal((HttpStatusCode.ServiceUnavailable, "not alive: the actor system has stopped\n"), await GetAsync(server, "/healthz"));
            (status, body) = await GetAsync(server, "/readyz");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
            Assert.StartsWith("not ready: the actor system has stopped", body);

            // Stopped on purpose (detached): alive again, and not ready until the next node.
            stopped = true;
            await node.DisposeAsync();
            Assert.Equal((HttpStatusCode.OK, "ok\n"), await GetAsync(server, "/healthz"));
            Assert.Equal((HttpStatusCode.ServiceUnavailable, "not ready: no cluster node running in this process\n"), await GetAsync(server, "/readyz"));
        }
        finally
        {
            if (!stopped) await node.DisposeAsync();
        }
    }

    [Fact]
    public async Task Metrics_are_prometheus_text_and_other_paths_are_not_found()
    {
        var options = new NodeOptions { Journal = null, HttpPort = 0 };
        await using var server = NodeHttpServer.StartIfRequested(ref options)!;

        using var response = await _http.GetAsync($"http://127.0.0.1:{server.Port}/metrics");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        var scrape = new PrometheusText(await response.Content.ReadAsStringAsync());
        scrape.AssertEverySampleIsDeclared();
        Assert.Equal("gauge", scrape.TypeOf("evopo_node_ready"));
        Assert.Equal(0, scrape.Value("evopo_node_ready"));

        var (status, body) = await GetAsync(server, "/nothing");
        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Equal("not found: try /healthz, /readyz or /metrics\n", body);
    }

    [Fact]
    public void A_busy_port_is_a_clear_error()
    {
        using var taken = new TcpListener(IPAddress.Any, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;
        var options = new NodeOptions { Journal = null, HttpPort = port };
        var error = Assert.Throws<CliException>(() => NodeHttpServer.StartIfRequested(ref options));
        Assert.StartsWith($"cannot serve the health and metrics endpoints on port {port}: ", error.Message);
        Assert.Null(options.Probe);
    }

    [Fact]
    public void No_port_no_server()
    {
        var options = new NodeOptions { Journal = null };
        Assert.Null(NodeHttpServer.StartIfRequested(ref options));
        Assert.Null(options.Probe);
    }

    private async Task<(HttpStatusCode Status, string Body)> GetAsync(NodeHttpServer server, string path)
    {
        using var response = await _http.GetAsync($"http://127.0.0.1:{server.Port}{path}");
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    private async Task<PrometheusText> ScrapeAsync(NodeHttpServer server) => new((await GetAsync(server, "/metrics")).Body);

    /// <summary>Asks until the answer is as expected: a node joins, and the journal's answer is reused for 5 s.</summary>
    private async Task<(HttpStatusCode Status, string Body)> UntilAsync(NodeHttpServer server, string path, Func<(HttpStatusCode Status, string Body), bool> expected)
    {
        var deadline = DateTime.UtcNow + Timeout;
        var last = await GetAsync(server, path);
        while (!expected(last))
        {
            Assert.True(DateTime.UtcNow < deadline, $"GET {path} never answered as expected; last answer: {last}");
            await Task.Delay(200);
            last = await GetAsync(server, path);
        }
        return last;
    }
}
