using MessagePack;

namespace EvoPo.Messages.Search;

/// <summary>Asks a SearchRun to begin (first time: with its creation event) or to continue after recovery.</summary>
[MessagePackObject]
public sealed record StartSearch(
    [property: Key(0)] RunCreated? Create) : IEvoPoMessage;
