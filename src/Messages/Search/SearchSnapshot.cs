using MessagePack;

namespace EvoPo.Messages.Search;

/// <summary>Everything a SearchRun holds after a generation boundary, so recovery needs no older events.</summary>
[MessagePackObject]
public sealed record SearchSnapshot(
    [property: Key(0)] RunCreated Created,
    [property: Key(1)] EsStateData State,
    [property: Key(2)] GenerationCompleted[] History,
    [property: Key(3)] UnitCompleted[] CompletedUnits,
    [property: Key(4)] WorkerTally[]? Workers = null) : IEvoPoMessage;
