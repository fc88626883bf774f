using MessagePack;
using EvoPo.Messages.Work;

namespace EvoPo.Messages.Search;

/// <summary>Everything a SearchRun holds after a generation boundary, so recovery needs no older events.</summary>
/// <param name="State">OpenAI-ES's state in snapshots written before <paramref name="Strategy"/> existed; null in newer ones.</param>
/// <param name="Strategy">The strategy's state (any strategy); null in snapshots written before it existed.</param>
/// <param name="Observations">A pretraining run's running observation statistics (all closed generations); null otherwise.</param>
[MessagePackObject]
public sealed record SearchSnapshot(
    [property: Key(0)] RunCreated Created,
    [property: Key(1)] EsStateData? State,
    [property: Key(2)] GenerationCompleted[] History,
    [property: Key(3)] UnitCompleted[] CompletedUnits,
    [property: Key(4)] WorkerTally[]? Workers = null,
    [property: Key(5)] EsStateEnvelope? Strategy = null,
    [property: Key(6)] ObservationMoments? Observations = null) : IEvoPoMessage;
