using MessagePack;

namespace EvoPo.Messages.Search;

/// <summary>
/// A strategy's state in a snapshot: which strategy wrote it, the version of that strategy's state layout, and the state
/// itself as MessagePack. Messages need not know any strategy; the coordinator's codec reads the payload by name and
/// version and refuses one it does not know.
/// </summary>
[MessagePackObject]
public sealed record EsStateEnvelope(
    [property: Key(0)] string Strategy,
    [property: Key(1)] int Version,
    [property: Key(2)] byte[] Payload);
