namespace EvoPo.Coordinator.Config;

/// <summary><c>run</c>: identity of the search's randomness.</summary>
public sealed record RunConfig
{
    /// <summary>Seed of ES noise and per-candidate training streams (docs/design.md, Randomness).</summary>
    public ulong Seed { get; init; } = 7;

    internal void Validate()
    {
    }
}
