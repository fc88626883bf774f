namespace EvoPo.Coordinator.Search;

/// <summary>Operational knobs of a SearchRun actor (not part of the search's identity, so not in its config).</summary>
public sealed record SearchRunOptions
{
    /// <summary>A unit without an answer after this long is sent again (the worker entity answers a duplicate without re-running it).</summary>
    public TimeSpan RedispatchAfter { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>How often outstanding units are checked.</summary>
    public TimeSpan RedispatchCheck { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Failures of one unit before the whole run is declared failed.</summary>
    public int MaxUnitAttempts { get; init; } = 3;
}
