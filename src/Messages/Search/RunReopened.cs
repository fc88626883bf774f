using MessagePack;

namespace EvoPo.Messages.Search;

/// <summary>
/// A failed run is open again (<c>evopo resume --retry</c>, once the input that failed it is fixed): the units and the
/// report it still lacks are tried again. Nothing it journaled before is discarded, so it ends as if it had never failed.
/// </summary>
/// <param name="FailureReason">The failure this reopening ends, kept for the record.</param>
[MessagePackObject]
public sealed record RunReopened(
    [property: Key(0)] string FailureReason,
    [property: Key(1)] DateTime ReopenedUtc) : IEvoPoMessage;
