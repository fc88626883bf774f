namespace EvoPo.Coordinator.Hosting;

/// <summary>Cluster roles: the coordinator runs SearchRun actors, workers host the work-unit shards.</summary>
public static class NodeRoles
{
    public const string Coordinator = "coordinator";
    public const string Worker = "worker";
}
