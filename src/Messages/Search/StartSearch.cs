using MessagePack;

namespace EvoPo.Messages.Search;

/// <summary>
/// How a SearchRun begins once it has recovered from its journal: with its creation event the first time, and with
/// <paramref name="Retry"/> a failed run is reopened (<see cref="RunReopened"/>) instead of reported failed again.
/// </summary>
[MessagePackObject]
public sealed record StartSearch(
    [property: Key(0)] RunCreated? Create,
    [property: Key(1)] bool Retry = false) : IEvoPoMessage;
