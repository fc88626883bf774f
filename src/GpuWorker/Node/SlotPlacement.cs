namespace EvoPo.GpuWorker.Node;

/// <summary>Where a new shard goes (pure): a named slot to its worker's region; anything else to the region with fewest shards.</summary>
public static class SlotPlacement
{
    public static T Choose<T>(string shardId, IReadOnlyList<(string WorkerKey, T Region, int Shards)> regions)
    {
        if (regions.Count == 0) throw new InvalidOperationException($"no worker region to allocate shard {shardId} to");
        if (WorkerSlots.WorkerKeyOfShard(shardId) is { } key)
            foreach (var region in regions)
                if (region.WorkerKey == key) return region.Region;
        // The named worker is gone (its units are sent to other slots) or the shard is not a slot: least loaded, ties by key.
        return regions.OrderBy(r => r.Shards).ThenBy(r => r.WorkerKey, StringComparer.Ordinal).First().Region;
    }
}
