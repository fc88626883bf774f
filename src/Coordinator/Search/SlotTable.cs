using EvoPo.GpuWorker.Node;
using EvoPo.Messages.Work;

namespace EvoPo.Coordinator.Search;

/// <summary>
/// Which worker slot each in-flight unit occupies (pure). Every worker has as many slots as its advertised
/// capacity, each named after the worker (<see cref="WorkerSlots"/>), and the slot's shard is placed on that
/// worker. A slot is free again as soon as its unit answers, so a worker twice as fast frees its slots twice as
/// often and gets twice the units; a worker that joins brings free slots that the next units fill at once. Units
/// on a worker that left lose their slot and are returned to be sent again; units elsewhere never move.
/// The table is one run's view (the workers it admits); the node's <see cref="SlotLedger"/>, shared by every run the node
/// hosts, decides whether a slot free in this view is free in the cluster and whether it is this run's turn.
/// </summary>
/// <param name="ledger">The node's ledger; none: a ledger of this table alone.</param>
/// <param name="owner">The run the table belongs to, as the ledger knows it.</param>
public sealed class SlotTable(SlotLedger? ledger = null, string owner = "")
{
    private readonly SlotLedger _ledger = ledger ?? new SlotLedger();
    private readonly Dictionary<UnitId, string> _slotOf = [];
    private readonly Dictionary<string, UnitId> _unitIn = [];
    // Round-robin over workers (every worker's slot 0, then every slot 1, ...): a half-empty table spreads its units.
    private IReadOnlyList<string> _slots = [];
    // Keys of draining workers: their slots keep the units they run, but take no new ones.
    private IReadOnlySet<string> _closed = new HashSet<string>();

    public int Capacity => _slots.Count;

    public int InFlight => _slotOf.Count;

    /// <summary>The slots that take new units (those of workers that are not draining).</summary>
    public IReadOnlyList<string> Open => _slots.Where(slot => !_closed.Contains(WorkerSlots.WorkerKeyOfSlot(slot)!)).ToArray();

    /// <summary>Sets the pool; returns the units whose slot no longer exists (their worker left), now released.</summary>
    public IReadOnlyList<UnitId> SetWorkers(IEnumerable<(string Address, int Capacity)> workers)
    {
        var pool = workers.OrderBy(w => w.Address, StringComparer.Ordinal).ToArray();
        foreach (var (address, capacity) in pool)
            ArgumentOutOfRangeException.ThrowIfNegative(capacity, $"capacity of {address}");
        var slots = new List<string>();
        var most = pool.Length == 0 ? 0 : pool.Max(w => w.Capacity);
        for (var index = 0; index < most; index++)
            foreach (var (address, capacity) in pool)
                if (index < capacity) slots.Add(WorkerSlots.Name(address, index));
        _slots = slots;
        var live = slots.ToHashSet(StringComparer.Ordinal);
        return ReleaseWhere(slot => !live.Contains(slot));
    }

    /// <summary>Workers that are draining: their busy slots keep their units, their free slots take none.</summary>
    public void Close(IEnumerable<string> addresses) =>
        _closed = addresses.Select(address => WorkerSlots.KeyOf(Akka.Actor.Address.Parse(address))).ToHashSet(StringComparer.Ordinal);

    /// <summary>Drops a worker that left; returns its units, now released.</summary>
    public IReadOnlyList<UnitId> RemoveWorker(string address)
    {
        var key = WorkerSlots.KeyOf(Akka.Actor.Address.Parse(address));
        _slots = _slots.Where(slot => WorkerSlots.WorkerKeyOfSlot(slot) != key).ToArray();
        return ReleaseWhere(slot => WorkerSlots.WorkerKeyOfSlot(slot) == key);
    }

    /// <summary>
    /// The unit's slot: its current one if it has one, else the first free slot, else null (all busy). A unit that just
    /// failed on <paramref name="avoidWorker"/> goes to another worker's slot, waiting for one to free up; only when no
    /// other worker is in the table does it go back to that one.
    /// </summary>
    public string? Assign(UnitId unit, string? avoidWorker = null)
    {
        if (_slotOf.TryGetValue(unit, out var slot)) return slot;
        var avoid = avoidWorker is not null && Akka.Actor.Address.TryParse(avoidWorker, out var address) && address.Port is not null
            ? WorkerSlots.KeyOf(address)
            : null;
        var open = Open;
        var elsewhere = open.Where(candidate => WorkerSlots.WorkerKeyOfSlot(candidate) != avoid).ToArray();
        var chosen = (elsewhere.Length > 0 ? elsewhere : open)
            .FirstOrDefault(candidate => !_unitIn.ContainsKey(candidate) && _ledger.TryTake(owner, candidate));
        if (chosen is null) return null;
        _slotOf[unit] = chosen;
        _unitIn[chosen] = unit;
        return chosen;
    }

    public string? SlotOf(UnitId unit) => _slotOf.GetValueOrDefault(unit);

    public void Release(UnitId unit)
    {
        if (!_slotOf.Remove(unit, out var slot)) return;
        _unitIn.Remove(slot);
        _ledger.Return(owner, slot);
    }

    public void Clear()
    {
        foreach (var unit in _slotOf.Keys.ToArray()) Release(unit);
    }

    private IReadOnlyList<UnitId> ReleaseWhere(Func<string, bool> gone)
    {
        var orphans = _slotOf.Where(pair => gone(pair.Value)).Select(pair => pair.Key).OrderBy(id => id.UnitIndex).ToArray();
        foreach (var unit in orphans) Release(unit);
        return orphans;
    }
}
