namespace EvoPo.Coordinator.Hosting;

/// <summary>Where Cluster Bootstrap looks for the management endpoints of the other nodes.</summary>
public enum DiscoveryMethod
{
    /// <summary>A fixed list of management endpoints (compose, bare processes).</summary>
    Config,

    /// <summary>The pods the Kubernetes API lists under a label selector.</summary>
    Kubernetes,
}
