using MessagePack;

namespace EvoPo.Messages.Search;

/// <summary>The run cannot go on (e.g. every candidate of a generation failed); the reason is shown by status.</summary>
[MessagePackObject]
public sealed record RunFailed(
    [property: Key(0)] string Reason,
    [property: Key(1)] DateTime FailedUtc) : IEvoPoMessage;
