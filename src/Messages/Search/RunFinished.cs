using MessagePack;

namespace EvoPo.Messages.Search;

/// <summary>The search and its report are done.</summary>
[MessagePackObject]
public sealed record RunFinished(
    [property: Key(0)] string MeanDigest,
    [property: Key(1)] DateTime FinishedUtc) : IEvoPoMessage;
