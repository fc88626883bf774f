using MessagePack;

namespace EvoPo.Messages.Work;

/// <summary>A dataset or agent addressed by content hash; the location is a hint, the hash is the identity.</summary>
[MessagePackObject]
public sealed record ArtifactRef(
    [property: Key(0)] string ContentHash,
    [property: Key(1)] string Location);
