using MessagePack;

namespace EvoPo.Messages.Work;

/// <summary>
/// A work unit addressed to a worker slot: the slot names the shard, so each shard holds at most one running
/// unit, shards spread over workers by their capacity, and a fast worker's slot simply frees up sooner.
/// </summary>
[MessagePackObject]
public sealed record SlotWorkUnit(
    [property: Key(0)] string Slot,
    [property: Key(1)] WorkUnit Unit) : IEvoPoMessage;
