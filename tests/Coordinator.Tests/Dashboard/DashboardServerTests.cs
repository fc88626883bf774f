using System.Net;
using System.Text.Json;
using EvoPo.Coordinator.Dashboard;

namespace EvoPo.Coordinator.Tests.Dashboard;

/// <summary>The JSON endpoints and the event stream over HTTP, with runs held in memory (no browser, no journal).</summary>
public sealed class DashboardServerTests : IAsyncLifetime
{
    private const string Id = "20261123-060000-abcdef";
    private readonly FakeRunSource _source = new();
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };
    private DashboardServer _server = null!;

    public async Task InitializeAsync()
    {
        _source.Append(Id, RunEvents.Created(Id), RunEvents.Unit(Id, 0, 0, "akka.tcp://evopo@127.0.0.1:4053"), RunEvents.Generation(0, 40, 41, 39));
        _source.SetRunning(Id, true);
        _server = new DashboardServer(new DashboardState(_source), ["http://127.0.0.1:0"], TimeSpan.FromMilliseconds(100));
        await _server.StartAsync(CancellationToken.None);
        _http.BaseAddress = new Uri(_server.Addresses[0]);
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task Runs_lists_each_run_with_state_and_generation()
    {
        using var json = JsonDocument.Parse(await _http.GetStringAsync("/api/runs"));

        var run = Assert.Single(json.RootElement.GetProperty("runs").EnumerateArray());
        Assert.Equal(Id, run.GetProperty("runId").GetString());
        Assert.Equal("running", run.GetProperty("state").GetString());
        Assert.Equal(1, run.GetProperty("generation").GetInt32());
        Assert.Equal(5, run.GetProperty("generations").GetInt32());
    }

    [Fact]
    public async Task Run_has_history_and_workers_and_no_landscape_without_best_json()
    {
        using var json = JsonDocument.Parse(await _http.GetStringAsync($"/api/runs/{Id}"));
        var root = json.RootElement;

        Assert.Equal("openai-es", root.GetProperty("strategy").GetString());
        var point = Assert.Single(root.GetProperty("history").EnumerateArray());
        Assert.Equal(40, point.GetProperty("meanFitness").GetDouble());
        Assert.Equal(0.5, point.GetProperty("sigma").GetDouble());
        Assert.Equal(3.5, point.GetProperty("wallSeconds").GetDouble());
        var worker = Assert.Single(root.GetProperty("workers").EnumerateArray());
        Assert.Equal("akka.tcp://evopo@127.0.0.1:4053", worker.GetProperty("worker").GetString());
        Assert.Equal(1, worker.GetProperty("units").GetInt32());
        Assert.Equal(3, worker.GetProperty("meanUnitSeconds").GetDouble());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("landscapeVersion").ValueKind);
        Assert.Equal(HttpStatusCode.NotFound, (await _http.GetAsync($"/api/runs/{Id}/landscape.png")).StatusCode);
    }

    [Fact]
    public async Task A_damaged_best_json_answers_a_clear_error_that_names_no_server_path()
    {
        var dir = Directory.CreateTempSubdirectory("evopo-dashboard-best-").FullName;
        try
        {
            var best = Path.Combine(dir, "best.json");
            File.WriteAllText(best, """{ "format": "evopo-best", "objective": "mpo-1s", "mean": { "parameters": [0.5, "x"] } }""");
            _source.SetBestJson(Id, best);

            using var response = await _http.GetAsync($"/api/runs/{Id}/landscape.png");
            var body = await response.Content.ReadAsStringAsync();

            Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
            var error = JsonDocument.Parse(body).RootElement.GetProperty("error").GetString();
            Assert.Equal($"run {Id}: its best.json cannot be used: mean.parameters[1] is \"x\", not a finite number; " +
                         $"`evopo report {Id}` rewrites it from the journal", error);
            Assert.DoesNotContain(dir, body);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task Unknown_run_is_404_and_no_endpoint_accepts_writes()
    {
        Assert.Equal(HttpStatusCode.NotFound, (await _http.GetAsync("/api/runs/nope")).StatusCode);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, (await _http.PostAsync($"/api/runs/{Id}", new StringContent(""))).StatusCode);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, (await _http.DeleteAsync("/api/runs")).StatusCode);
    }

    [Fact]
    public async Task Page_and_script_are_served_without_any_external_url()
    {
        var page = await _http.GetStringAsync("/");
        var script = await _http.GetStringAsync("/dashboard.js");

        Assert.Contains("/dashboard.js", page);
        Assert.Contains("EventSource", script);
        Assert.DoesNotContain("https://", page + script + await _http.GetStringAsync("/dashboard.css"));
    }

    [Fact]
    public async Task Event_stream_pushes_the_next_generation_without_a_new_request()
    {
        using var response = await _http.GetAsync($"/api/events?run={Id}", HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());

        Assert.Equal(1, (await NextRun(reader)).GetProperty("generation").GetInt32());
        _source.Append(Id, RunEvents.Generation(1, 42, 44, 40));
        Assert.Equal(2, (await NextRun(reader)).GetProperty("generation").GetInt32());
    }

    private static async Task<JsonElement> NextRun(StreamReader reader)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var name = "";
        while (await reader.ReadLineAsync(timeout.Token) is { } line)
        {
            if (line.StartsWith("event: ", StringComparison.Ordinal)) name = line[7..];
            else if (line.StartsWith("data: ", StringComparison.Ordinal) && name == "run") return JsonDocument.Parse(line[6..]).RootElement.Clone();
        }
        throw new EndOfStreamException("the event stream ended");
    }
}
