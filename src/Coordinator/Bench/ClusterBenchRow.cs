namespace EvoPo.Coordinator.Bench;

/// <summary>One measurement of <c>evopo bench cluster</c>.</summary>
public sealed record ClusterBenchRow(int Workers, int Units, double WallSeconds, double UnitSeconds, double CoordinatorCpuSeconds)
{
    public double UnitsPerSecond => Units / WallSeconds;

    /// <summary>What N workers could do if the coordinator and the network cost nothing.</summary>
    public double IdealUnitsPerSecond => Workers / UnitSeconds;

    public double Efficiency => UnitsPerSecond / IdealUnitsPerSecond;

    public double CoordinatorMillisecondsPerUnit => 1000 * CoordinatorCpuSeconds / Units;
}
