using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace EvoPo.Coordinator.Http;

/// <summary>
/// Liveness (and part of readiness): fails once the actor system of the attached node has terminated. A command that
/// stops its node detaches it first, so a terminated system still attached is a process that lost its node underneath
/// (downed, crashed): restarting it is the cure. (A worker leaving on SIGTERM shows it for the moment before it exits.)
/// No node attached is alive: starting, or holding after its run.
/// </summary>
public sealed class ActorSystemHealthCheck(NodeProbe probe) : IHealthCheck
{
    public const string Terminated = "the actor system has stopped";

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(probe.System switch
        {
            null => HealthCheckResult.Healthy("no cluster node attached"),
            { WhenTerminated.IsCompleted: true } => HealthCheckResult.Unhealthy(Terminated),
            _ => HealthCheckResult.Healthy("the actor system is running"),
        });
}
