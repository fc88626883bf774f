namespace EvoPo.Coordinator.Config;

/// <summary><c>work</c>: how a generation is cut into work units.</summary>
public sealed record WorkConfig
{
    /// <summary>Candidates per work unit (K); the last unit of a generation may be smaller.</summary>
    public int UnitSize { get; init; } = 8;

    /// <summary>
    /// Whether this run takes workers that simulate units (<c>evopo worker --simulate-unit-seconds</c>: a fixed delay and
    /// a made-up fitness) as well: cluster benchmarks and tests only. Without it such workers get no units.
    /// </summary>
    [OmitWhenDefault]
    public bool Simulated { get; init; }

    internal void Validate()
    {
        ConfigChecks.InRange("work.unitSize", UnitSize, 1, 256);
    }
}
