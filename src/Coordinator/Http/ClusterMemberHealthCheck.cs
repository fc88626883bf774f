using Akka.Cluster;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace EvoPo.Coordinator.Http;

/// <summary>
/// Readiness: the node is an Up cluster member and, for a worker, its work-unit shard region is registered (it then
/// gets units). A node joining, leaving or removed is not ready.
/// </summary>
public sealed class ClusterMemberHealthCheck(NodeProbe probe) : IHealthCheck
{
    public const string NoNode = "no cluster node running in this process";

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(NotReadyReason() is { } reason ? HealthCheckResult.Unhealthy(reason) : HealthCheckResult.Healthy("an Up cluster member"));

    private string? NotReadyReason()
    {
        if (probe.System is not { } system || probe.Options is not { } options) return NoNode;
        // Reported by ActorSystemHealthCheck; the member status of a stopped system says nothing more.
        if (system.WhenTerminated.IsCompleted) return ActorSystemHealthCheck.Terminated;
        var status = Cluster.Get(system).SelfMember.Status;
        if (status is not (MemberStatus.Up or MemberStatus.WeaklyUp))
            return status == MemberStatus.Removed ? "not a cluster member (joining the seeds, or left)" : $"cluster member status is {status}";
        if (options.IsWorker && !probe.IsRegionRegistered) return "the work-unit shard region is not registered yet";
        if (probe.IsDraining) return "draining: finishing its running units before it leaves, taking no new ones";
        return null;
    }
}
