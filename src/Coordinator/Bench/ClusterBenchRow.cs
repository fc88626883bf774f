namespace EvoPo.Coordinator.Bench;

/// <summary>One measurement of <c>evopo bench cluster</c>.</summary>
/// <param name="IdleCpuPerSecond">The coordinator's CPU seconds per second with the workers joined and no search
/// running (heartbeats, gossip, timers): a cost of time, not of units.</param>
/// <param name="WallSeconds">From the run's start to its last unit's result.</param>
/// <param name="CoordinatorCpuSeconds">The coordinator's CPU over <paramref name="WallSeconds"/>.</param>
/// <param name="ReportSeconds">After the last unit: writing report.md and its plots, once per run, not per unit.</param>
public sealed record ClusterBenchRow(
    int Workers, int Units, double WallSeconds, double UnitSeconds, double CoordinatorCpuSeconds, double IdleCpuPerSecond, double ReportSeconds)
{
    public double UnitsPerSecond => Units / WallSeconds;

    /// <summary>What N workers could do if the coordinator and the network cost nothing.</summary>
    public double IdealUnitsPerSecond => Workers / UnitSeconds;

    public double Efficiency => UnitsPerSecond / IdealUnitsPerSecond;

    public double CoordinatorMillisecondsPerUnit => 1000 * CoordinatorCpuSeconds / Units;

    /// <summary>What each unit adds to the coordinator's CPU (dispatch, persist, aggregate), net of the idle background.</summary>
    public double NetCoordinatorMillisecondsPerUnit => 1000 * Math.Max(0, CoordinatorCpuSeconds - IdleCpuPerSecond * WallSeconds) / Units;
}
