using Akka.Cluster.Sharding;
using EvoPo.Messages.Work;

namespace EvoPo.GpuWorker.Node;

/// <summary>Routes a work unit to the entity named by its (run, generation, unit) id.</summary>
public sealed class WorkUnitMessageExtractor(int maxShards) : HashCodeMessageExtractor(maxShards)
{
    public const int DefaultMaxShards = 64;

    public WorkUnitMessageExtractor() : this(DefaultMaxShards)
    {
    }

    public override string? EntityId(object message) => message switch
    {
        WorkUnit unit => unit.Id.EntityId,
        _ => null,
    };
}
