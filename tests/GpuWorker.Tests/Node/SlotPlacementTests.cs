using Akka.Actor;
using EvoPo.GpuWorker.Node;

namespace EvoPo.GpuWorker.Tests.Node;

public sealed class SlotPlacementTests
{
    [Fact]
    public void A_slot_name_carries_its_worker_and_survives_dashes_in_host_names()
    {
        var slot = WorkerSlots.Name("akka.tcp://evopo@evopo-worker-3.evopo-workers:4053", 7);
        Assert.Equal("evopo-worker-3.evopo-workers_4053-7", slot);
        Assert.Equal("evopo-worker-3.evopo-workers_4053", WorkerSlots.WorkerKeyOfShard(WorkerSlots.ShardPrefix + slot));
        Assert.Equal(WorkerSlots.KeyOf(Address.Parse("akka.ssl.tcp://evopo@evopo-worker-3.evopo-workers:4053")), WorkerSlots.WorkerKeyOfSlot(slot));
        Assert.Null(WorkerSlots.WorkerKeyOfShard("hash-12"));
        Assert.Throws<ArgumentException>(() => WorkerSlots.KeyOf(new Address("akka", "evopo")));
    }

    [Fact]
    public void A_named_slot_goes_to_its_worker_even_when_that_worker_holds_the_most_shards()
    {
        (string, string, int)[] regions = [("a_1", "region-a", 40), ("b_1", "region-b", 0), ("c_1", "region-c", 3)];
        Assert.Equal("region-a", SlotPlacement.Choose("slot-a_1-0", regions));
        Assert.Equal("region-c", SlotPlacement.Choose("slot-c_1-5", regions));
    }

    [Fact]
    public void A_slot_of_a_gone_worker_or_a_hashed_shard_goes_to_the_least_loaded_region_ties_by_name()
    {
        (string, string, int)[] regions = [("c_1", "region-c", 2), ("b_1", "region-b", 1), ("a_1", "region-a", 1)];
        Assert.Equal("region-a", SlotPlacement.Choose("slot-gone_1-0", regions));
        Assert.Equal("region-a", SlotPlacement.Choose("hash-3", regions));
        Assert.Throws<InvalidOperationException>(() => SlotPlacement.Choose<string>("slot-a_1-0", []));
    }
}
