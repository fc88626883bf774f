using System.Net;
using System.Text;
using EvoPo.Coordinator.Hosting;
using EvoPo.Coordinator.Search;
using EvoPo.GpuWorker.Node;

namespace EvoPo.Coordinator.Http;

/// <summary>
/// The node's HTTP side for orchestrators (<c>--http-port</c>): <c>/healthz</c> (the process answers),
/// <c>/readyz</c> (see <see cref="NodeProbe"/>; 503 with the reason otherwise) and <c>/metrics</c> (Prometheus text).
/// A plain <see cref="HttpListener"/> on every interface: three read-only endpoints need no web framework.
/// </summary>
public sealed class NodeHttpServer : IAsyncDisposable
{
    public const string PortVariable = "EVOPO_HTTP_PORT";

    private readonly HttpListener _listener = new();
    private readonly PrometheusExporter _metrics = new([WorkerMetrics.Meter.Name, SearchMetrics.Meter.Name]);
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _serving;

    private NodeHttpServer(int port)
    {
        Port = port;
        _listener.Prefixes.Add($"http://+:{port}/");
        try
        {
            _listener.Start();
        }
        catch (HttpListenerException)
        {
            _metrics.Dispose();
            _stopping.Dispose();
            throw;
        }
        _serving = Task.Run(ServeAsync);
    }

    public int Port { get; }

    public NodeProbe Probe { get; } = new();

    /// <summary>Starts the endpoints when <paramref name="options"/> asks for them, and points the options' probe at them.</summary>
    public static NodeHttpServer? StartIfRequested(ref NodeOptions options)
    {
        if (options.HttpPort is not { } port) return null;
        NodeHttpServer server;
        try
        {
            server = new NodeHttpServer(port);
        }
        catch (HttpListenerException e)
        {
            throw new Cli.CliException($"cannot serve the health and metrics endpoints on port {port}: {e.Message}");
        }
        options = options with { Probe = server.Probe };
        return server;
    }

    private async Task ServeAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception) when (_stopping.IsCancellationRequested)
            {
                return;
            }
            catch (HttpListenerException)
            {
                continue;
            }
            _ = Task.Run(() => AnswerAsync(context));
        }
    }

    private async Task AnswerAsync(HttpListenerContext context)
    {
        var response = context.Response;
        try
        {
            var (status, contentType, body) = context.Request.Url?.AbsolutePath switch
            {
                "/healthz" => (200, "text/plain; charset=utf-8", "ok\n"),
                "/readyz" => await ReadyAsync(),
                "/metrics" => (200, "text/plain; version=0.0.4; charset=utf-8", _metrics.Scrape(NodeGauges(await Probe.NotReadyReasonAsync(_stopping.Token) is null))),
                _ => (404, "text/plain; charset=utf-8", "not found: try /healthz, /readyz or /metrics\n"),
            };
            var bytes = Encoding.UTF8.GetBytes(body);
            response.StatusCode = status;
            response.ContentType = contentType;
            response.ContentLength64 = bytes.Length;
            await response.OutputStream.WriteAsync(bytes, _stopping.Token);
        }
        catch (Exception) when (_stopping.IsCancellationRequested)
        {
        }
        catch (HttpListenerException)
        {
            // The prober hung up.
        }
        finally
        {
            try
            {
                response.Close();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
            {
            }
        }
    }

    private async Task<(int, string, string)> ReadyAsync()
    {
        var reason = await Probe.NotReadyReasonAsync(_stopping.Token);
        return reason is null ? (200, "text/plain; charset=utf-8", "ready\n") : (503, "text/plain; charset=utf-8", $"not ready: {reason}\n");
    }

    private IEnumerable<(string, string, IReadOnlyList<KeyValuePair<string, string>>, double)> NodeGauges(bool ready)
    {
        yield return ("evopo_node_ready", "1 when /readyz answers 200", [], ready ? 1 : 0);
        if (Probe.Options is not { } options) yield break;
        var device = options.Device.StartsWith("cuda", StringComparison.OrdinalIgnoreCase) ? "cuda" : "cpu";
        if (options.IsWorker)
        {
            yield return ("evopo_device_info", "the TorchSharp device this worker trains on (value 1)",
                [new("device", device), new("name", options.Device)], 1);
            yield return ("evopo_worker_capacity", "units this worker runs at once", [], options.Capacity);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        _listener.Close();
        try
        {
            await _serving;
        }
        catch (ObjectDisposedException)
        {
        }
        _metrics.Dispose();
        _stopping.Dispose();
    }
}
