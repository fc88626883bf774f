using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using EvoPo.Coordinator.Cli;
using EvoPo.Coordinator.Runs;
using EvoPo.Messages.Search;

namespace EvoPo.Coordinator.Api;

/// <summary>The CLI's side of the submission API (<see cref="SubmissionApi"/>): plain HTTP and JSON; a refusal becomes its one-line reason.</summary>
public sealed class ClusterClient(Uri cluster, string? token)
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromMinutes(10) };

    public async Task<string> SubmitAsync(string yaml, CancellationToken cancellation) =>
        (await SendAsync<Submitted>(HttpMethod.Post, "api/runs", new StringContent(yaml, Encoding.UTF8, "application/yaml"), cancellation)).RunId;

    public Task<RunRow[]> RunsAsync(CancellationToken cancellation) => SendAsync<RunRow[]>(HttpMethod.Get, "api/runs", null, cancellation);

    public Task<RunStatus> StatusAsync(string runId, CancellationToken cancellation) =>
        SendAsync<RunStatus>(HttpMethod.Get, $"api/runs/{Uri.EscapeDataString(runId)}", null, cancellation);

    public Task<RunStatus> CancelAsync(string runId, CancellationToken cancellation) =>
        SendAsync<RunStatus>(HttpMethod.Post, $"api/runs/{Uri.EscapeDataString(runId)}/cancel", null, cancellation);

    public Task<ReportDownload> ReportAsync(string runId, CancellationToken cancellation) =>
        SendAsync<ReportDownload>(HttpMethod.Get, $"api/runs/{Uri.EscapeDataString(runId)}/report", null, cancellation);

    public override string ToString() => cluster.ToString().TrimEnd('/');

    private async Task<T> SendAsync<T>(HttpMethod method, string path, HttpContent? content, CancellationToken cancellation)
    {
        using var request = new HttpRequestMessage(method, new Uri(cluster, path)) { Content = content };
        if (token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        HttpResponseMessage response;
        try
        {
            response = await Http.SendAsync(request, cancellation);
        }
        catch (HttpRequestException e)
        {
            throw new CliException($"cannot reach the coordinator at {cluster}: {e.Message}");
        }
        using (response)
        {
            if (!response.IsSuccessStatusCode)
            {
                var problem = await ReadAsync<Problem>(response, cancellation);
                var hint = response.StatusCode == HttpStatusCode.Unauthorized ? $" (pass --token-file or set {ApiToken.Variable})" : "";
                throw new CliException((problem?.Error ?? $"the coordinator at {cluster} answered {(int)response.StatusCode} {response.ReasonPhrase}") + hint);
            }
            return await ReadAsync<T>(response, cancellation)
                ?? throw new CliException($"the coordinator at {cluster} answered {path} with nothing");
        }
    }

    private async Task<T?> ReadAsync<T>(HttpResponseMessage response, CancellationToken cancellation)
    {
        try
        {
            return await response.Content.ReadFromJsonAsync<T>(ApiJson.Options, cancellation);
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or NotSupportedException)
        {
            if (typeof(T) == typeof(Problem)) return default;
            throw new CliException($"the coordinator at {cluster} answered something that is not the submission API's JSON: {e.Message}");
        }
    }

    /// <summary>What the API answers to a submission.</summary>
    public sealed record Submitted(string RunId);

    /// <summary>What the API answers when it refuses a request.</summary>
    public sealed record Problem(string Error);
}
