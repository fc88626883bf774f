using EvoPo.Coordinator.Cli;
using EvoPo.Coordinator.Hosting;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace EvoPo.Coordinator.Http;

/// <summary>
/// Readiness of a coordinator: its journal's database is there and answers (<see cref="JournalPreflight.ProbeAsync"/>)
/// within <paramref name="answerWithin"/>. Each prober asks every few seconds, so one probe's answer is kept for
/// <paramref name="reuseFor"/>; nodes without a journal (workers) pass.
/// </summary>
public sealed class JournalHealthCheck(NodeProbe probe, TimeSpan reuseFor, TimeSpan answerWithin) : IHealthCheck
{
    private readonly SemaphoreSlim _probing = new(1, 1);
    private (DateTime At, JournalOptions? Journal, string? Problem) _last = (DateTime.MinValue, null, null);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (probe.System is null || probe.Options is not { IsCoordinator: true, Journal: { } journal }) return HealthCheckResult.Healthy("no journal in use");
        var problem = await ProblemAsync(journal, cancellationToken);
        return problem is null ? HealthCheckResult.Healthy("the journal answers") : HealthCheckResult.Unhealthy(problem);
    }

    private async Task<string?> ProblemAsync(JournalOptions journal, CancellationToken cancellation)
    {
        await _probing.WaitAsync(cancellation);
        try
        {
            if (_last.Journal == journal && DateTime.UtcNow - _last.At < reuseFor) return _last.Problem;
            string? problem = null;
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
            timeout.CancelAfter(answerWithin);
            try
            {
                // Npgsql does not give up on a server that accepts the connection and never answers when told to
                // (only at its own connect timeout), so the wait is bounded here; the attempt ends on its own.
                await JournalPreflight.ProbeAsync(journal, timeout.Token).WaitAsync(answerWithin, cancellation);
            }
            catch (CliException e)
            {
                problem = e.Message;
            }
            catch (Exception e) when (e is TimeoutException or OperationCanceledException && !cancellation.IsCancellationRequested)
            {
                problem = $"the journal did not answer within {answerWithin.TotalSeconds:0.#} s";
            }
            _last = (DateTime.UtcNow, journal, problem);
            return problem;
        }
        finally
        {
            _probing.Release();
        }
    }
}
