using EvoPo.Coordinator.Hosting;
using EvoPo.Coordinator.Search;
using EvoPo.GpuWorker.Node;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Prometheus;

namespace EvoPo.Coordinator.Http;

/// <summary>
/// The node's HTTP side for orchestrators (<c>--http-port</c>), on Kestrel with ASP.NET Core health checks:
/// <c>/healthz</c> (liveness: <see cref="ActorSystemHealthCheck"/>), <c>/readyz</c> (readiness: that, plus
/// <see cref="ClusterMemberHealthCheck"/> and <see cref="JournalHealthCheck"/>; 503 with the reasons otherwise) and
/// <c>/metrics</c> (<see cref="NodeMetrics"/>, Prometheus text). It starts before the node and outlives it, so the
/// node reports to it through <see cref="Probe"/>.
/// </summary>
public sealed class NodeHttpServer : IAsyncDisposable
{
    public const string PortVariable = "EVOPO_HTTP_PORT";

    private const string Live = "live";
    private const string Ready = "ready";

    private readonly WebApplication _app;
    private readonly NodeMetrics _metrics;

    private NodeHttpServer(int port, bool loopbackOnly, Action<WebApplication>? endpoints)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<IHostLifetime, CliHostLifetime>();
        // Every interface (dual-stack where IPv6 exists): probes and scrapes come from the kubelet and Prometheus. An API
        // that takes no token (evopo coordinator without one) is for this machine only.
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            if (loopbackOnly) kestrel.ListenLocalhost(port);
            else kestrel.ListenAnyIP(port);
        });
        builder.Services.AddHealthChecks()
            .AddCheck("actor-system", new ActorSystemHealthCheck(Probe), tags: [Live, Ready])
            .AddCheck("cluster-member", new ClusterMemberHealthCheck(Probe), tags: [Ready])
            // Answered well within the probes' 5 s timeout (deploy/k8s), and asked at most every 5 s.
            .AddCheck("journal", new JournalHealthCheck(Probe, reuseFor: TimeSpan.FromSeconds(5), answerWithin: TimeSpan.FromSeconds(3)), tags: [Ready]);
        _app = builder.Build();

        var health = _app.Services.GetRequiredService<HealthCheckService>();
        _metrics = new NodeMetrics([WorkerMetrics.Meter, SearchMetrics.Meter], Probe,
            async cancellation => (await health.CheckHealthAsync(check => check.Tags.Contains(Ready), cancellation)).Status == HealthStatus.Healthy);
        _app.MapHealthChecks("/healthz", Checks(Live, "ok", "not alive"));
        _app.MapHealthChecks("/readyz", Checks(Ready, "ready", "not ready"));
        _app.MapMetrics(settings => settings.Registry = _metrics.Registry, "/metrics");
        endpoints?.Invoke(_app);
        _app.MapFallback(() => Results.Text("not found: try /healthz, /readyz or /metrics\n", "text/plain; charset=utf-8", statusCode: StatusCodes.Status404NotFound));
    }

    /// <summary>The port Kestrel listens on (the one asked for, or the one picked for 0).</summary>
    public int Port =>
        _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Select(address => new Uri(address).Port).First();

    public NodeProbe Probe { get; } = new();

    /// <summary>Starts the endpoints when <paramref name="options"/> asks for them, and points the options' probe at them.</summary>
    /// <param name="endpoints">More endpoints on the same server (the coordinator's submission API).</param>
    /// <param name="loopbackOnly">Listen on this machine's loopback only, not on every interface.</param>
    public static NodeHttpServer? StartIfRequested(ref NodeOptions options, Action<WebApplication>? endpoints = null, bool loopbackOnly = false)
    {
        if (options.HttpPort is not { } port) return null;
        var server = new NodeHttpServer(port, loopbackOnly, endpoints);
        try
        {
            // Synchronous for the callers' `ref` options; Kestrel's start returns once it is bound.
            server._app.StartAsync(CancellationToken.None).GetAwaiter().GetResult();
        }
        catch (IOException e)
        {
            server.DisposeAsync().AsTask().GetAwaiter().GetResult();
            throw new Cli.CliException($"cannot serve the health and metrics endpoints on port {port}: {e.Message}");
        }
        options = options with { Probe = server.Probe };
        return server;
    }

    private static HealthCheckOptions Checks(string tag, string healthy, string unhealthy) => new()
    {
        Predicate = check => check.Tags.Contains(tag),
        ResponseWriter = PlainTextHealthResponse.Writer(healthy, unhealthy),
    };

    public async ValueTask DisposeAsync()
    {
        using (var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5))) await _app.StopAsync(timeout.Token);
        await _app.DisposeAsync();
        _metrics.Dispose();
    }
}
