using System.Collections.Immutable;
using Akka.Actor;
using Akka.Cluster.Sharding;

namespace EvoPo.GpuWorker.Node;

/// <summary>
/// Places each slot shard on the region of the worker the slot is named after (<see cref="WorkerSlots"/>) and never
/// rebalances: a shard holds a running unit, and moving it would kill that unit.
/// </summary>
public sealed class NamedSlotAllocationStrategy(Address selfAddress) : IShardAllocationStrategy
{
    public Task<IActorRef> AllocateShard(IActorRef requester, string shardId, IImmutableDictionary<IActorRef, IImmutableList<string>> currentShardAllocations)
    {
        var regions = currentShardAllocations
            .Select(pair => (WorkerSlots.KeyOf(AddressOf(pair.Key)), pair.Key, pair.Value.Count))
            .ToArray();
        return Task.FromResult(SlotPlacement.Choose(shardId, regions));
    }

    public Task<IImmutableSet<string>> Rebalance(IImmutableDictionary<IActorRef, IImmutableList<string>> currentShardAllocations, IImmutableSet<string> rebalanceInProgress) =>
        Task.FromResult<IImmutableSet<string>>(ImmutableHashSet<string>.Empty);

    // The region on the coordinator's own node has a local path; it is this node's cluster address.
    private Address AddressOf(IActorRef region) => region.Path.Address.HasLocalScope ? selfAddress : region.Path.Address;
}
