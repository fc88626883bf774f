using Akka.Actor;
using Akka.Cluster;
using Akka.Configuration;
using EvoPo.Coordinator.Hosting;
using EvoPo.Coordinator.Http;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace EvoPo.Coordinator.Tests.Http;

/// <summary>Readiness of a worker: Up with its region registered, and no longer once it drains (SIGTERM), so a load balancer or rollout stops counting on it.</summary>
public sealed class ClusterMemberHealthCheckTests : IDisposable
{
    private readonly ActorSystem _system = ActorSystem.Create("member-health", ConfigurationFactory.ParseString("""
        akka.actor.provider = cluster
        akka.remote.dot-netty.tcp { hostname = 127.0.0.1, port = 0 }
        akka.loglevel = WARNING
        """));

    public void Dispose() => _system.Dispose();

    [Fact]
    public async Task A_draining_worker_is_not_ready()
    {
        var cluster = Cluster.Get(_system);
        var up = new TaskCompletionSource();
        cluster.RegisterOnMemberUp(() => up.TrySetResult());
        await cluster.JoinAsync(cluster.SelfAddress);
        await up.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var probe = new NodeProbe();
        probe.Attach(new NodeOptions { Journal = null, Roles = [NodeRoles.Worker] }, _system);
        var check = new ClusterMemberHealthCheck(probe);

        Assert.Equal("the work-unit shard region is not registered yet", (await CheckAsync(check)).Description);
        probe.RegionRegistered();
        Assert.Equal(HealthStatus.Healthy, (await CheckAsync(check)).Status);
        probe.Draining();
        var draining = await CheckAsync(check);
        Assert.Equal(HealthStatus.Unhealthy, draining.Status);
        Assert.StartsWith("draining:", draining.Description);
    }

    private static Task<HealthCheckResult> CheckAsync(IHealthCheck check) => check.CheckHealthAsync(new HealthCheckContext());
}
