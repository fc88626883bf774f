using MessagePack;

namespace EvoPo.Messages.Cluster;

/// <summary>Why a node was refused from the cluster; the refused node prints it and exits.</summary>
[MessagePackObject]
public sealed record NodeRefused(
    [property: Key(0)] string Reason) : IEvoPoMessage;
