namespace EvoPo.Coordinator.Search;

/// <summary>
/// Who holds each worker slot, across every run a coordinator node hosts, and whose turn it is (weighted fair share).
/// A slot holds at most one unit of one run: <see cref="TryTake"/> refuses a held slot. While several runs wait for
/// slots, a run may take a free one only if no other waiting run that could use it holds fewer slots per unit of
/// weight (<c>held / priority</c>): a run over its share takes nothing until the others have caught up, so two runs of
/// equal priority that both have units waiting hold about half the slots each, and priority 3 against 1 about three
/// quarters. A run alone takes every slot. Nothing is ever taken away from a running unit: shares even out as units
/// finish and their slots come back.
/// Runs are actors and only tell each other "a slot came back" through the wake-up they register (<see cref="Want"/>);
/// the ledger is a small lock-guarded table because a run picks its slot synchronously, inside its dispatch loop.
/// </summary>
public sealed class SlotLedger
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, string> _holder = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Claim> _runs = new(StringComparer.Ordinal);

    /// <summary>Slots the run holds now.</summary>
    public int Held(string runId)
    {
        lock (_lock) return _runs.GetValueOrDefault(runId)?.Held ?? 0;
    }

    /// <summary>
    /// The run's demand: <paramref name="waiting"/> units that have no slot, the slots it could use, its priority
    /// (weight ≥ 1) and how to wake it when one of those slots comes back. Called again whenever its demand changes;
    /// a run that waits for fewer units than before may have been what kept the others from a free slot: they are woken.
    /// </summary>
    public void Want(string runId, int priority, int waiting, IReadOnlyCollection<string> usable, Action wake)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(priority, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(waiting);
        Action[] others;
        lock (_lock)
        {
            var claim = ClaimOf(runId);
            var fewer = waiting < claim.Waiting;
            claim.Priority = priority;
            claim.Waiting = waiting;
            claim.Usable = usable.ToHashSet(StringComparer.Ordinal);
            claim.Wake = wake;
            others = fewer ? WaitingBesides(runId, _ => true) : [];
        }
        foreach (var action in others) action();
    }

    /// <summary>True when the slot was free and it is the run's turn: the run now holds it until it returns it.</summary>
    public bool TryTake(string runId, string slot)
    {
        lock (_lock)
        {
            if (_holder.ContainsKey(slot)) return false;
            var claim = ClaimOf(runId);
            foreach (var (other, waiting) in _runs)
                if (other != runId && waiting.Waiting > 0 && waiting.Usable.Contains(slot)
                    && (long)waiting.Held * claim.Priority < (long)claim.Held * waiting.Priority)
                    return false;
            _holder[slot] = runId;
            claim.Held++;
            return true;
        }
    }

    /// <summary>The run's unit left the slot (answered, failed, lost): the runs waiting for it are woken.</summary>
    public void Return(string runId, string slot)
    {
        Action[] wake;
        lock (_lock)
        {
            if (!_holder.TryGetValue(slot, out var holder) || holder != runId) return;
            _holder.Remove(slot);
            _runs[runId].Held--;
            wake = WaitingBesides(runId, usable => usable.Contains(slot));
        }
        foreach (var action in wake) action();
    }

    /// <summary>The run stopped: every slot it held comes back, and it waits for none.</summary>
    public void Leave(string runId)
    {
        Action[] others;
        lock (_lock)
        {
            foreach (var slot in _holder.Where(h => h.Value == runId).Select(h => h.Key).ToArray()) _holder.Remove(slot);
            _runs.Remove(runId);
            others = WaitingBesides(runId, _ => true);
        }
        foreach (var action in others) action();
    }

    private Action[] WaitingBesides(string runId, Func<IReadOnlySet<string>, bool> canUse) =>
        _runs.Where(r => r.Key != runId && r.Value.Waiting > 0 && canUse(r.Value.Usable)).Select(r => r.Value.Wake).OfType<Action>().ToArray();

    private Claim ClaimOf(string runId)
    {
        if (!_runs.TryGetValue(runId, out var claim)) _runs[runId] = claim = new Claim();
        return claim;
    }

    private sealed class Claim
    {
        public int Priority { get; set; } = 1;
        public int Held { get; set; }
        public int Waiting { get; set; }
        public IReadOnlySet<string> Usable { get; set; } = new HashSet<string>();
        public Action? Wake { get; set; }
    }
}
