using System.Reflection;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace EvoPo.Coordinator.Dashboard;

/// <summary>
/// The read-only web dashboard: a page (embedded HTML/JS/CSS), JSON of the runs, the landscape PNG, and a
/// server-sent-event stream that pushes a run list or run whenever <see cref="DashboardState"/> sees it change.
/// Only GET endpoints: nothing a browser sends can change a run.
/// </summary>
public sealed class DashboardServer : IAsyncDisposable
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly WebApplication _app;
    private readonly DashboardState _state;
    private readonly TimeSpan _pollInterval;
    private readonly CancellationTokenSource _stop = new();
    private Task _polling = Task.CompletedTask;

    public DashboardServer(DashboardState state, IReadOnlyList<string> urls, TimeSpan pollInterval)
    {
        _state = state;
        _pollInterval = pollInterval;
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        builder.Logging.ClearProviders();
        // The CLI owns Ctrl-C and SIGTERM (Program.cs); the host must not install its own handlers.
        builder.Services.AddSingleton<IHostLifetime, QuietLifetime>();
        builder.WebHost.UseUrls([.. urls]);
        _app = builder.Build();
        Map(_app);
    }

    /// <summary>The addresses Kestrel listens on, with the real port where 0 was asked for.</summary>
    public IReadOnlyList<string> Addresses =>
        _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.ToArray() ?? [];

    /// <summary>Reads the runs once, binds, then keeps polling in the background.</summary>
    /// <exception cref="IOException">The address is in use or cannot be bound.</exception>
    public async Task StartAsync(CancellationToken cancellation)
    {
        await _state.PollAsync(cancellation);
        await _app.StartAsync(cancellation);
        _polling = Task.Run(() => PollLoopAsync(_stop.Token), CancellationToken.None);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _polling;
        }
        catch (OperationCanceledException)
        {
        }
        using (var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5))) await _app.StopAsync(timeout.Token);
        await _app.DisposeAsync();
        _stop.Dispose();
    }

    private async Task PollLoopAsync(CancellationToken cancellation)
    {
        while (!cancellation.IsCancellationRequested)
        {
            await Task.Delay(_pollInterval, cancellation);
            await _state.PollAsync(cancellation);
        }
    }

    private void Map(WebApplication app)
    {
        app.MapGet("/", () => Asset("index.html", "text/html; charset=utf-8"));
        app.MapGet("/dashboard.js", () => Asset("dashboard.js", "text/javascript; charset=utf-8"));
        app.MapGet("/dashboard.css", () => Asset("dashboard.css", "text/css; charset=utf-8"));
        app.MapGet("/api/runs", () => Results.Json(new { runs = _state.Runs(), error = _state.Error }, Json));
        app.MapGet("/api/runs/{runId}", (string runId) =>
            _state.Run(runId) is { } run ? Results.Json(run, Json) : Results.NotFound(new { error = $"no run '{runId}'" }));
        app.MapGet("/api/runs/{runId}/landscape.png", async (string runId, HttpContext context) =>
        {
            try
            {
                var png = await _state.LandscapeAsync(runId, context.RequestAborted);
                return png is null ? Results.NotFound(new { error = $"run '{runId}' has no best.json yet" }) : Results.Bytes(png, "image/png");
            }
            catch (LandscapeUnavailableException e)
            {
                // Not a fault of the server but of the run's files as they are now: 409, with the reason and the fix.
                return Results.Json(new { error = e.Message }, Json, statusCode: StatusCodes.Status409Conflict);
            }
        });
        app.MapGet("/api/events", EventsAsync);
    }

    /// <summary>
    /// Server-sent events: <c>runs</c> (the list) whenever any run changes and, with <c>?run=ID</c>, <c>run</c> (that run's
    /// view) whenever it changes; a comment every 15 s keeps proxies from closing an idle stream.
    /// </summary>
    private async Task EventsAsync(HttpContext context, string? run)
    {
        // Ends with the browser's request or with the server, so stopping never waits for open streams.
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, _app.Lifetime.ApplicationStopping);
        var cancellation = linked.Token;
        context.Response.Headers.ContentType = "text/event-stream";
        context.Response.Headers.CacheControl = "no-cache";
        context.Response.Headers["X-Accel-Buffering"] = "no";
        string? sentRuns = null;
        long sentRun = -1;
        try
        {
            while (!cancellation.IsCancellationRequested)
            {
                var change = _state.WaitForChangeAsync(cancellation);
                var runs = _state.Runs();
                var runsKey = string.Join(',', runs.Select(r => r.Version)) + "|" + _state.Error;
                if (runsKey != sentRuns)
                {
                    await Send(context, "runs", new { runs, error = _state.Error }, cancellation);
                    sentRuns = runsKey;
                }
                if (run is not null && _state.Run(run) is { } view && view.Version != sentRun)
                {
                    await Send(context, "run", view, cancellation);
                    sentRun = view.Version;
                }
                if (await Task.WhenAny(change, Task.Delay(TimeSpan.FromSeconds(15), cancellation)) != change)
                {
                    await context.Response.WriteAsync(": keep-alive\n\n", cancellation);
                    await context.Response.Body.FlushAsync(cancellation);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The browser went away, or the server is stopping.
        }
    }

    private static async Task Send(HttpContext context, string name, object data, CancellationToken cancellation)
    {
        await context.Response.WriteAsync($"event: {name}\ndata: {JsonSerializer.Serialize(data, Json)}\n\n", cancellation);
        await context.Response.Body.FlushAsync(cancellation);
    }

    private static IResult Asset(string name, string contentType)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream($"EvoPo.Dashboard.{name}")
            ?? throw new InvalidOperationException($"dashboard asset {name} is not embedded");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return Results.Text(reader.ReadToEnd(), contentType);
    }

    private sealed class QuietLifetime : IHostLifetime
    {
        public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
