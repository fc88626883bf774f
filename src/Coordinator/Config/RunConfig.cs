namespace EvoPo.Coordinator.Config;

/// <summary><c>run</c>: identity of the search's randomness.</summary>
public sealed record RunConfig
{
    /// <summary>Seed of ES noise and per-candidate training streams (docs/design.md, Randomness).</summary>
    public ulong Seed { get; init; } = 7;

    /// <summary>
    /// The run's weight when runs share a cluster's worker slots (<see cref="Search.SlotLedger"/>): while runs wait for
    /// slots, each holds about its priority's part of them (1 and 3: a quarter and three quarters). Changes no result.
    /// </summary>
    [OmitWhenDefault]
    public int Priority { get; init; } = 1;

    internal void Validate()
    {
        ConfigChecks.InRange("run.priority", Priority, 1, 100);
    }
}
