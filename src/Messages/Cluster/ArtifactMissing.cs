using MessagePack;

namespace EvoPo.Messages.Cluster;

/// <summary>The serving node has no artifact with that hash (or cannot read it).</summary>
[MessagePackObject]
public sealed record ArtifactMissing(
    [property: Key(0)] string ContentHash,
    [property: Key(1)] string Reason) : IEvoPoMessage;
