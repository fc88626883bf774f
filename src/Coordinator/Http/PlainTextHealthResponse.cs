using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace EvoPo.Coordinator.Http;

/// <summary>
/// The body of <c>/healthz</c> and <c>/readyz</c>: one line, for people reading a probe's event and for scripts
/// (<c>ok</c>, <c>ready</c>, or <c>not ready: reason; reason</c>); the status code (200 or 503) is the answer.
/// </summary>
public static class PlainTextHealthResponse
{
    public static Func<HttpContext, HealthReport, Task> Writer(string healthy, string unhealthy) => (context, report) =>
    {
        context.Response.ContentType = "text/plain; charset=utf-8";
        return context.Response.WriteAsync(report.Status == HealthStatus.Healthy ? $"{healthy}\n" : $"{unhealthy}: {Reasons(report)}\n");
    };

    private static string Reasons(HealthReport report) => string.Join("; ", report.Entries.Values
        .Where(entry => entry.Status != HealthStatus.Healthy)
        .Select(entry => entry.Description ?? entry.Exception?.Message ?? "failed")
        .Distinct());
}
