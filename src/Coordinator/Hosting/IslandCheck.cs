using EvoPo.Messages.Cluster;

namespace EvoPo.Coordinator.Hosting;

/// <summary>
/// Whether a node has founded a cluster apart from the one its seeds run (pure). Akka lets the first seed node found a
/// cluster when no other seed answers within <c>seed-node-timeout</c>; a coordinator restarted on the same address
/// while its workers were still busy (or cut off by the remote gate that follows a crashed peer) can do that, and the
/// two clusters would wait for each other for ever. A seed that is up in a cluster which holds neither this node's
/// incarnation nor is seen by this node proves it.
/// </summary>
public static class IslandCheck
{
    /// <param name="self">This node's unique address (<c>address#uid</c>).</param>
    /// <param name="ourMembers">Unique addresses of the members this node sees joining or up.</param>
    /// <param name="seed">What the seed answered.</param>
    /// <returns>Why this node is on an island, or null when it is not (or the seed cannot tell yet).</returns>
    public static string? Problem(string self, IReadOnlyCollection<string> ourMembers, ClusterView seed)
    {
        if (!seed.Up || seed.Self == self) return null;
        if (seed.Members.Contains(self, StringComparer.Ordinal) || ourMembers.Contains(seed.Self, StringComparer.Ordinal)) return null;
        return $"seed {AddressOf(seed.Self)} is up in another cluster ({seed.Members.Length} member(s)) that this node is not part of";
    }

    /// <summary>
    /// The seeds of a node that starts again to leave the cluster it founded: the founding seed (the first, which this node
    /// was) moves to the end. Akka lets only the first seed found a cluster; any other seed keeps asking the seeds until one
    /// lets it join, so the new node cannot found a second island when the other cluster is slow to answer (a busy worker,
    /// the remote gate that follows the old node's shutdown, a join refused until the old incarnation is removed).
    /// </summary>
    public static IReadOnlyList<string> RejoinSeeds(IReadOnlyList<string> seeds) =>
        seeds.Count < 2 ? seeds : [.. seeds.Skip(1), seeds[0]];

    /// <summary>The unique-address text of a member, as <see cref="ClusterView"/> carries it.</summary>
    public static string Unique(Akka.Cluster.UniqueAddress address) => $"{address.Address}#{address.Uid}";

    private static string AddressOf(string unique) => unique.Split('#')[0];
}
