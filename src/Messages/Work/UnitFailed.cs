using MessagePack;

namespace EvoPo.Messages.Work;

/// <summary>A unit that could not run at all (bad artifact, out of memory): the coordinator decides whether to retry.</summary>
[MessagePackObject]
public sealed record UnitFailed(
    [property: Key(0)] UnitId Id,
    [property: Key(1)] string Reason,
    [property: Key(2)] string Worker) : IEvoPoMessage;
