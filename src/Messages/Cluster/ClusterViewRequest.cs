using MessagePack;

namespace EvoPo.Messages.Cluster;

/// <summary>Asks a node's gatekeeper which cluster it is in (<see cref="ClusterView"/>); a coordinator asks its seeds.</summary>
[MessagePackObject]
public sealed record ClusterViewRequest : IEvoPoMessage;
