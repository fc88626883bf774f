using Akka.Actor;
using EvoPo.Coordinator.Hosting;

namespace EvoPo.Coordinator.Http;

/// <summary>
/// Where the process's cluster node reports itself to the health checks: attached as it starts, its work-unit region
/// registered (workers), detached when the command stops it on purpose. Between nodes (a coordinator holding after
/// its run ended) nothing is attached: the process is alive but not ready.
/// </summary>
public sealed class NodeProbe
{
    private volatile NodeOptions? _options;
    private volatile ActorSystem? _system;
    private volatile bool _regionRegistered;
    private volatile bool _draining;

    /// <summary>The options of the last node attached (device and roles, for the metrics), kept after it is detached.</summary>
    public NodeOptions? Options => _options;

    /// <summary>The actor system of the node attached now; null when none is.</summary>
    public ActorSystem? System => _system;

    public bool IsRegionRegistered => _regionRegistered;

    /// <summary>The worker was told to stop and finishes its units: it takes no new ones, so it is not ready.</summary>
    public bool IsDraining => _draining;

    public void Attach(NodeOptions options, ActorSystem system)
    {
        _options = options;
        _regionRegistered = false;
        _draining = false;
        _system = system;
    }

    public void RegionRegistered() => _regionRegistered = true;

    public void Draining() => _draining = true;

    public void Detach() => _system = null;
}
