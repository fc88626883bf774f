using MessagePack;

namespace EvoPo.Messages.Cluster;

/// <summary>
/// Sent by every node to every other node it sees come up: its protocol version and what it offers. A node
/// whose version differs is refused (told so, then downed), so incompatible code never exchanges work.
/// </summary>
[MessagePackObject]
public sealed record NodeHello(
    [property: Key(0)] int ProtocolVersion,
    [property: Key(1)] string Address,
    [property: Key(2)] string[] Roles,
    [property: Key(3)] int Capacity,
    [property: Key(4)] string Device) : IEvoPoMessage;
