using MessagePack;

namespace EvoPo.Messages.Cluster;

/// <summary>
/// Sent by every node to every other node it sees come up: its protocol version and what it offers. A node
/// whose version differs is refused (told so, then downed), so incompatible code never exchanges work.
/// <paramref name="Simulated"/>: the worker does not train, every unit is a fixed delay with a made-up fitness
/// (<c>--simulate-unit-seconds</c>); only runs that ask for simulated work (<c>work.simulated</c>) give it units.
/// <paramref name="Draining"/>: the worker is stopping (SIGTERM): it finishes the units it runs and takes no new ones; it
/// greets every member again when it starts draining. Both appended with a default (MessagePack keys are positions): a
/// hello without them reads as a training worker that is not draining.
/// </summary>
[MessagePackObject]
public sealed record NodeHello(
    [property: Key(0)] int ProtocolVersion,
    [property: Key(1)] string Address,
    [property: Key(2)] string[] Roles,
    [property: Key(3)] int Capacity,
    [property: Key(4)] string Device,
    [property: Key(5)] bool Simulated = false,
    [property: Key(6)] bool Draining = false) : IEvoPoMessage;
