using EvoPo.Messages.Work;

namespace EvoPo.Coordinator.Search;

/// <summary>
/// Which worker slot each in-flight unit occupies (pure). There are as many slots as the workers' total
/// capacity, so units in flight never exceed what the workers can run, and a slot is free again as soon as its
/// unit answers: a faster worker gets its next unit sooner. When the pool changes the slot names move to a new
/// epoch, so new slots become new shards that sharding places on the least loaded (e.g. a newly joined)
/// worker, while units already running keep their slot and are never moved.
/// </summary>
public sealed class SlotTable
{
    private readonly Dictionary<UnitId, string> _slotOf = [];
    private readonly HashSet<string> _busy = [];
    private int _epoch;

    public int Capacity { get; private set; }

    public int InFlight => _slotOf.Count;

    public void SetCapacity(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(capacity);
        if (capacity == Capacity) return;
        Capacity = capacity;
        _epoch++;
    }

    /// <summary>The unit's slot: its current one if it has one, else a free slot of this epoch, else null (all busy).</summary>
    public string? Assign(UnitId unit)
    {
        if (_slotOf.TryGetValue(unit, out var slot)) return slot;
        // Units of older epochs still count against the capacity, so a pool change never over-commits the workers.
        if (_slotOf.Count >= Capacity) return null;
        for (var i = 0; i < Capacity; i++)
        {
            var candidate = $"e{_epoch}-s{i}";
            if (_busy.Add(candidate))
            {
                _slotOf[unit] = candidate;
                return candidate;
            }
        }
        return null;
    }

    public string? SlotOf(UnitId unit) => _slotOf.GetValueOrDefault(unit);

    public void Release(UnitId unit)
    {
        if (_slotOf.Remove(unit, out var slot)) _busy.Remove(slot);
    }

    public void Clear()
    {
        _slotOf.Clear();
        _busy.Clear();
    }
}
