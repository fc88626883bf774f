namespace EvoPo.Coordinator.Search;

/// <summary>Operational knobs of a SearchRun actor (not part of the search's identity, so not in its config).</summary>
public sealed record SearchRunOptions
{
    /// <summary>
    /// A unit without an answer after this long is sent again. Cheap even for long units: while the unit runs, its
    /// entity only adds the duplicate's sender to those it answers. It is what recovers units that were routed to
    /// a dead worker's shard before the shard coordinator noticed the worker was gone.
    /// </summary>
    public TimeSpan RedispatchAfter { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How often outstanding units are checked.</summary>
    public TimeSpan RedispatchCheck { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Failures of one unit before the whole run is declared failed.</summary>
    public int MaxUnitAttempts { get; init; } = 3;
}
