using System.Collections.Immutable;
using Akka.Cluster;
using Akka.Management.Cluster.Bootstrap.ContactPoint;

namespace EvoPo.Coordinator.Hosting;

/// <summary>
/// The answer to <c>GET /bootstrap/seed-nodes</c> that Cluster Bootstrap's probes expect, with the library's own
/// types and rules (Akka.Management's HttpClusterBootstrapRoutes): a node that is leaving or gone names no one; else
/// up to five reachable members that are Joining, Up or WeaklyUp. An empty list means "no cluster here".
/// </summary>
public static class BootstrapSeedNodes
{
    /// <summary>Akka.Management's ContactPoint.MaxSeedNodesToExpose.</summary>
    private const int MaxExposed = 5;

    public static HttpBootstrapJsonProtocol.SeedNodes Of(Member self, ClusterEvent.CurrentClusterState state)
    {
        if (self.Status is MemberStatus.Leaving or MemberStatus.Exiting or MemberStatus.Down or MemberStatus.Removed)
            return new HttpBootstrapJsonProtocol.SeedNodes(self.Address, []);
        var members = state.Members
            .Where(m => !state.Unreachable.Contains(m) && m.Status is MemberStatus.Joining or MemberStatus.Up or MemberStatus.WeaklyUp)
            .Take(MaxExposed)
            .Select(m => new HttpBootstrapJsonProtocol.ClusterMember(m.Address, m.UniqueAddress.Uid, m.Status, m.Roles))
            .ToImmutableList();
        return new HttpBootstrapJsonProtocol.SeedNodes(self.Address, members);
    }
}
