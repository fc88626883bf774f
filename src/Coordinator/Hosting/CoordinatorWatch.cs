using Akka.Cluster;

namespace EvoPo.Coordinator.Hosting;

/// <summary>
/// Tells a worker that its cluster has had no coordinator for too long. After a coordinator crash the workers
/// keep their cluster, while a restarted coordinator that lists only itself as seed founds a new one: the two
/// never meet. A worker that exits after <c>timeout</c> is restarted by its supervisor (Kubernetes, compose,
/// systemd) and joins the new coordinator through its seeds. It only counts once a coordinator has been seen,
/// so a worker started before the coordinator waits for it.
/// </summary>
public sealed class CoordinatorWatch(TimeSpan timeout)
{
    private DateTime? _lastSeen;

    /// <summary>True when a coordinator was seen and none has been up for longer than the timeout.</summary>
    public bool Observe(bool coordinatorUp, DateTime utcNow)
    {
        if (coordinatorUp) _lastSeen = utcNow;
        return _lastSeen is { } seen && utcNow - seen > timeout;
    }

    public static async Task WaitUntilLostAsync(Akka.Actor.ActorSystem system, TimeSpan timeout, CancellationToken cancellation)
    {
        var watch = new CoordinatorWatch(timeout);
        var cluster = Cluster.Get(system);
        while (!watch.Observe(cluster.State.Members.Any(m => m.Status == MemberStatus.Up && m.HasRole(NodeRoles.Coordinator)), DateTime.UtcNow))
            await Task.Delay(TimeSpan.FromSeconds(1), cancellation);
    }
}
