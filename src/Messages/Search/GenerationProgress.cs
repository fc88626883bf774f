using MessagePack;

namespace EvoPo.Messages.Search;

/// <summary>Published to watchers after each generation (and each report unit), for terminals and dashboards.</summary>
[MessagePackObject]
public sealed record GenerationProgress(
    [property: Key(0)] string RunId,
    [property: Key(1)] GenerationCompleted Generation,
    [property: Key(2)] int Generations) : IEvoPoMessage;
