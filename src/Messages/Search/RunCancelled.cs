using MessagePack;

namespace EvoPo.Messages.Search;

/// <summary>A user cancelled the run (<c>evopo cancel</c>): it sends no more units and stays cancelled; status shows the reason.</summary>
[MessagePackObject]
public sealed record RunCancelled(
    [property: Key(0)] string Reason,
    [property: Key(1)] DateTime CancelledUtc) : IEvoPoMessage;
