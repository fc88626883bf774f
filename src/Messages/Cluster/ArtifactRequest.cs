using MessagePack;

namespace EvoPo.Messages.Cluster;

/// <summary>A worker asks the node that sent a unit for a slice of an artifact file, by content hash.</summary>
[MessagePackObject]
public sealed record ArtifactRequest(
    [property: Key(0)] string ContentHash,
    [property: Key(1)] long Offset,
    [property: Key(2)] int MaxBytes) : IEvoPoMessage;
