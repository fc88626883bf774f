using MessagePack;

namespace EvoPo.Messages.Cluster;

/// <summary>
/// A node's answer to <see cref="ClusterViewRequest"/>: its own unique address, whether it is a member that is up,
/// and the unique addresses (<c>address#uid</c>) of the members it sees joining or up. A coordinator that finds a seed
/// up in a cluster that does not hold it has founded a second cluster (<c>IslandCheck</c>).
/// </summary>
[MessagePackObject]
public sealed record ClusterView(
    [property: Key(0)] string Self,
    [property: Key(1)] bool Up,
    [property: Key(2)] string[] Members) : IEvoPoMessage;
