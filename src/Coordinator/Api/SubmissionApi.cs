using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace EvoPo.Coordinator.Api;

/// <summary>
/// The submission API of <c>evopo coordinator</c>, ASP.NET Core minimal APIs under <c>/api</c> (the health and metrics
/// endpoints stay open for probes):
/// <c>POST /api/runs</c> (body: the config YAML) → <c>{"runId"}</c>, 400 with the validation message for a bad config;
/// <c>GET /api/runs</c> → the rows of <c>evopo runs</c>; <c>GET /api/runs/{id}</c> → a run's status;
/// <c>POST /api/runs/{id}/cancel</c> → its status once cancelled; <c>GET /api/runs/{id}/report</c> → its report.
/// With a token every request needs <c>Authorization: Bearer TOKEN</c>; without one the server listens on loopback only.
/// Refusals are <c>{"error": "one line"}</c>.
/// </summary>
public static class SubmissionApi
{
    /// <summary>The largest body accepted: a config is a few KiB (<see cref="Config.SearchConfigLoader.MaxBytes"/>).</summary>
    private const int MaxBody = Config.SearchConfigLoader.MaxBytes;

    /// <param name="host">The run host once the node is up; until then every call answers 503.</param>
    public static void Map(WebApplication app, Func<RunHost?> host, string? token)
    {
        var api = app.MapGroup("/api");
        api.AddEndpointFilter(async (context, next) =>
        {
            if (token is not null && !Authorized(context.HttpContext.Request, token))
                return Refuse(StatusCodes.Status401Unauthorized, "missing or wrong bearer token");
            if (host() is null) return Refuse(StatusCodes.Status503ServiceUnavailable, "the coordinator is starting; try again in a moment");
            try
            {
                return await next(context);
            }
            catch (ApiProblem problem)
            {
                return Refuse(problem.Status, problem.Message);
            }
            catch (Cli.CliException e)
            {
                return Refuse(StatusCodes.Status500InternalServerError, e.Message);
            }
        });
        api.MapPost("/runs", async (HttpRequest request, CancellationToken cancellation) =>
            Results.Json(new ClusterClient.Submitted(await host()!.SubmitAsync(await BodyAsync(request, cancellation), cancellation)), ApiJson.Options,
                statusCode: StatusCodes.Status201Created));
        api.MapGet("/runs", async (CancellationToken cancellation) => Results.Json(await host()!.ListAsync(cancellation), ApiJson.Options));
        api.MapGet("/runs/{runId}", async (string runId, CancellationToken cancellation) =>
            Results.Json(await host()!.StatusAsync(runId, cancellation), ApiJson.Options));
        api.MapPost("/runs/{runId}/cancel", async (string runId, HttpRequest request, CancellationToken cancellation) =>
            Results.Json(await host()!.CancelAsync(runId, $"cancelled through the submission API from {Caller(request)}",
                cancellation), ApiJson.Options));
        api.MapGet("/runs/{runId}/report", async (string runId, CancellationToken cancellation) =>
            Results.Json(await host()!.ReportAsync(runId, cancellation), ApiJson.Options));
    }

    /// <summary>The caller's address, an IPv4 one as such (a dual-stack listener sees ::ffff:a.b.c.d).</summary>
    private static string? Caller(HttpRequest request) => request.HttpContext.Connection.RemoteIpAddress is { } ip
        ? (ip.IsIPv4MappedToIPv6 ? ip.MapToIPv4() : ip).ToString()
        : null;

    private static IResult Refuse(int status, string error) => Results.Json(new ClusterClient.Problem(error), ApiJson.Options, statusCode: status);

    private static bool Authorized(HttpRequest request, string token)
    {
        var header = request.Headers.Authorization.ToString();
        const string scheme = "Bearer ";
        if (!header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase)) return false;
        return CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(header[scheme.Length..].Trim()), Encoding.UTF8.GetBytes(token));
    }

    private static async Task<string> BodyAsync(HttpRequest request, CancellationToken cancellation)
    {
        if (request.ContentLength > MaxBody)
            throw new ApiProblem(StatusCodes.Status413PayloadTooLarge, $"the config is larger than {MaxBody} bytes, the most a search config may be");
        using var reader = new StreamReader(request.Body, Encoding.UTF8);
        var buffer = new char[MaxBody + 1];
        var read = await reader.ReadBlockAsync(buffer.AsMemory(), cancellation);
        if (read > MaxBody)
            throw new ApiProblem(StatusCodes.Status413PayloadTooLarge, $"the config is larger than {MaxBody} bytes, the most a search config may be");
        return read == 0 ? throw new ApiProblem(StatusCodes.Status400BadRequest, "the request has no body: send the config YAML") : new string(buffer, 0, read);
    }
}
