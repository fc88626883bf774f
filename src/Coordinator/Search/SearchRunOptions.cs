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

    /// <summary>Failed units in a row after which a worker gets no units for a while (<see cref="WorkerQuarantine"/>).</summary>
    public int QuarantineAfterFailures { get; init; } = 3;

    /// <summary>A worker's first quarantine; each later one doubles, up to <see cref="LongestQuarantine"/>.</summary>
    public TimeSpan FirstQuarantine { get; init; } = TimeSpan.FromSeconds(30);

    public TimeSpan LongestQuarantine { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>The clock of unit deadlines and journaled timestamps (tests move a fake one).</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;

    /// <summary>Who holds which worker slot: the node's one ledger, shared by every run it hosts. The default, a ledger of its own, is a run alone.</summary>
    public SlotLedger Slots { get; init; } = new();

    /// <summary>
    /// Wait before the first restart of a SearchRun that stopped (journal outage, unexpected error); it doubles with each
    /// further restart up to <see cref="MaxBackoff"/>.
    /// </summary>
    public TimeSpan MinBackoff { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Restarts in a row without one event stored in between before the run gives up in this process: with the default
    /// back-off, an outage of about three minutes (1 + 2 + 4 + 8 + 16 + 5 × 30 s).
    /// </summary>
    public int MaxRestarts { get; init; } = 10;
}
