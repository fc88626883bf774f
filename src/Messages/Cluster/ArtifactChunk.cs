using MessagePack;

namespace EvoPo.Messages.Cluster;

/// <summary>A slice of an artifact file; the worker verifies the whole file against the content hash before use.</summary>
[MessagePackObject]
public sealed record ArtifactChunk(
    [property: Key(0)] string ContentHash,
    [property: Key(1)] long Offset,
    [property: Key(2)] long TotalBytes,
    [property: Key(3)] byte[] Data) : IEvoPoMessage;
