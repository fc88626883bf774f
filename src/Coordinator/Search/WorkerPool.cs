using EvoPo.Messages.Cluster;

namespace EvoPo.Coordinator.Search;

/// <summary>The compatible worker nodes this coordinator knows, as published on the event stream whenever it changes.</summary>
public sealed record WorkerPool(IReadOnlyList<NodeHello> Workers)
{
    public int Capacity => Workers.Sum(w => w.Capacity);
}

/// <summary>Asks the node's gatekeeper for the current <see cref="WorkerPool"/>.</summary>
public sealed class GetWorkerPool
{
    public static readonly GetWorkerPool Instance = new();
}
