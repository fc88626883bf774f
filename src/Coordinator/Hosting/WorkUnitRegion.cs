namespace EvoPo.Coordinator.Hosting;

/// <summary>Registry key of the work-unit shard region (or its proxy on coordinator-only nodes).</summary>
public sealed class WorkUnitRegion;
