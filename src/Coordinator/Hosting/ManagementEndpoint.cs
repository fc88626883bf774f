using System.Net;
using Akka.Actor;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace EvoPo.Coordinator.Hosting;

/// <summary>
/// The management endpoint Cluster Bootstrap probes (<c>GET /bootstrap/seed-nodes</c>), served on Kestrel. Akka.Management's
/// own HTTP server cannot run here: it is built against Ceen.Httpd 0.9.9, and only 0.9.10 (another ListenAsync) restores
/// from our NuGet source, so binding fails with MissingMethodException. The bootstrap itself does not need that server;
/// this endpoint gives its probes the same answer. It binds before the node starts, so a port in use is a clear error.
/// </summary>
public sealed class ManagementEndpoint : IAsyncDisposable
{
    private readonly WebApplication _app;
    private volatile ActorSystem? _system;

    private ManagementEndpoint(string bindHost, int port)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<IHostLifetime, CliHostLifetime>();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            if (IPAddress.TryParse(bindHost, out var address)) kestrel.Listen(address, port);
            else if (bindHost == "localhost") kestrel.ListenLocalhost(port);
            else kestrel.ListenAnyIP(port);
        });
        _app = builder.Build();
        _app.MapGet("/bootstrap/seed-nodes", () => SeedNodesJson() is { } json
            ? Results.Text(json, "application/json")
            : Results.Text("the node is starting or has stopped\n", statusCode: StatusCodes.Status503ServiceUnavailable));
    }

    /// <summary>Binds the port; until <see cref="Attach"/> probes get 503 and try again, as with a node not up yet.</summary>
    public static async Task<ManagementEndpoint> StartAsync(string bindHost, int port, CancellationToken cancellation)
    {
        var endpoint = new ManagementEndpoint(bindHost, port);
        try
        {
            await endpoint._app.StartAsync(cancellation);
        }
        catch (IOException e)
        {
            await endpoint.DisposeAsync();
            throw new Cli.CliException($"cannot serve the management (cluster bootstrap) endpoint on port {port}: {e.Message}");
        }
        return endpoint;
    }

    public void Attach(ActorSystem system) => _system = system;

    private string? SeedNodesJson()
    {
        var system = _system;
        if (system is null || system.WhenTerminated.IsCompleted) return null;
        var cluster = Akka.Cluster.Cluster.Get(system);
        // The library's serializer and types, so the probes of every node read it as they read each other's.
        return Newtonsoft.Json.JsonConvert.SerializeObject(BootstrapSeedNodes.Of(cluster.SelfMember, cluster.State));
    }

    public async ValueTask DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await _app.StopAsync(timeout.Token);
        await _app.DisposeAsync();
    }
}
