using Akka.Cluster.Sharding;
using EvoPo.Messages.Work;

namespace EvoPo.GpuWorker.Node;

/// <summary>
/// Routes a work unit to the entity named by its (run, generation, unit) id, in the shard named by its worker
/// slot (<see cref="SlotWorkUnit"/>). A bare <see cref="WorkUnit"/> falls back to a hash of its id.
/// </summary>
public sealed class WorkUnitMessageExtractor : IMessageExtractor
{
    public const int FallbackShards = 64;

    public string? EntityId(object message) => message switch
    {
        SlotWorkUnit slotted => slotted.Unit.Id.EntityId,
        WorkUnit unit => unit.Id.EntityId,
        _ => null,
    };

    public object? EntityMessage(object message) => message switch
    {
        SlotWorkUnit slotted => slotted.Unit,
        _ => message,
    };

    public string? ShardId(object message) => message switch
    {
        SlotWorkUnit slotted => "slot-" + slotted.Slot,
        WorkUnit unit => ShardId(unit.Id.EntityId),
        _ => null,
    };

    public string ShardId(string entityId, object? messageHint = null) =>
        messageHint is SlotWorkUnit slotted ? "slot-" + slotted.Slot : "hash-" + (Math.Abs(StableHash(entityId)) % FallbackShards);

    private static int StableHash(string text)
    {
        // string.GetHashCode is randomized per process; shard ids must agree across nodes.
        unchecked
        {
            var hash = 17;
            foreach (var c in text) hash = hash * 31 + c;
            return hash == int.MinValue ? 0 : hash;
        }
    }
}
