namespace EvoPo.Coordinator.Search;

/// <summary>The messages an actor that dispatches units (<see cref="UnitDispatch"/>) sends itself by timer or wake-up.</summary>
public static class DispatchSignals
{
    /// <summary>Time to look for units without an answer (<see cref="UnitDispatch.Overdue"/>).</summary>
    public sealed class CheckOutstanding
    {
        public static readonly CheckOutstanding Instance = new();
    }

    /// <summary>Another run's unit left a slot this one may use (<see cref="SlotLedger"/>).</summary>
    public sealed class SlotFreed
    {
        public static readonly SlotFreed Instance = new();
    }

    /// <summary>A worker's quarantine may be over: its slots come back.</summary>
    public sealed class QuarantineOver
    {
        public static readonly QuarantineOver Instance = new();
    }
}
