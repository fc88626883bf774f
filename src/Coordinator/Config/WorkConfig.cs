namespace EvoPo.Coordinator.Config;

/// <summary><c>work</c>: how a generation is cut into work units.</summary>
public sealed record WorkConfig
{
    /// <summary>Candidates per work unit (K); the last unit of a generation may be smaller.</summary>
    public int UnitSize { get; init; } = 8;

    internal void Validate()
    {
        ConfigChecks.InRange("work.unitSize", UnitSize, 1, 256);
    }
}
