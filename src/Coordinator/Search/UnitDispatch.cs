using Akka.Actor;
using EvoPo.Messages.Cluster;
using EvoPo.Messages.Work;

namespace EvoPo.Coordinator.Search;

/// <summary>
/// Where one run's work units are and where each goes next, for the actor that owns it (a search run, a dataset build):
/// units go into worker slots of its <see cref="SlotTable"/> (so, through the node's <see cref="SlotLedger"/>, never
/// beyond the workers' capacity nor into another run's slot) and are sent to the work-unit region; a unit that failed
/// goes to another worker's slot next; a worker whose units keep failing is quarantined (<see cref="WorkerQuarantine"/>);
/// units whose worker left and units without an answer for <see cref="SearchRunOptions.RedispatchAfter"/> are named so the
/// owner sends them again. Not thread-safe: only its owner's actor thread uses it. The owner decides what a result means
/// and when a run gives up; this class only keeps the bookkeeping both kinds of runs share.
/// </summary>
public sealed class UnitDispatch
{
    private readonly string _owner;
    private readonly IActorRef _region;
    private readonly SearchRunOptions _options;
    private readonly Dictionary<UnitId, DateTimeOffset> _inFlight = [];
    private readonly Dictionary<UnitId, int> _attempts = [];
    // Units whose last attempt failed, and where: their next attempt goes to another worker if one has a free slot.
    private readonly Dictionary<UnitId, string> _failedOn = [];
    // Workers the owner refused (simulated ones it did not ask for): each is reported once.
    private readonly HashSet<string> _refused = [];
    private readonly SlotTable _slots;
    private readonly WorkerQuarantine _quarantine;

    /// <param name="owner">The run's id, as the node's ledger knows it.</param>
    /// <param name="region">The work-unit shard region (or its proxy).</param>
    public UnitDispatch(string owner, IActorRef region, SearchRunOptions options)
    {
        _owner = owner;
        _region = region;
        _options = options;
        _slots = new SlotTable(options.Slots, owner);
        _quarantine = new WorkerQuarantine(options.QuarantineAfterFailures, options.FirstQuarantine, options.LongestQuarantine);
    }

    public int InFlight => _inFlight.Count;

    public int Capacity => _slots.Capacity;

    private DateTimeOffset Now => _options.Clock.GetUtcNow();

    public bool IsInFlight(UnitId id) => _inFlight.ContainsKey(id);

    /// <summary>
    /// Sends every unit of <paramref name="pending"/> that is not on its way and gets a slot; returns how many wait for one.
    /// Once every slot is busy (or it is another run's turn) only units that wait for a worker other than the one they
    /// failed on are still tried.
    /// </summary>
    public int Fill(IEnumerable<WorkUnit> pending)
    {
        var (waiting, full) = (0, false);
        foreach (var unit in pending)
        {
            if (_inFlight.ContainsKey(unit.Id)) continue;
            var avoiding = _failedOn.ContainsKey(unit.Id);
            if (full && !avoiding || !Send(unit))
            {
                waiting++;
                full |= !avoiding;
            }
        }
        return waiting;
    }

    /// <summary>Tells the node's ledger how many units wait for a slot, and how to wake the owner when one comes back.</summary>
    public void Want(int priority, int waiting, Action wake) => _options.Slots.Want(_owner, priority, waiting, _slots.Open, wake);

    /// <summary>Sends the unit in its slot (a re-send keeps the slot); false when every slot is busy.</summary>
    public bool Send(WorkUnit unit)
    {
        if (_slots.Assign(unit.Id, _failedOn.GetValueOrDefault(unit.Id)) is not { } slot) return false;
        _inFlight[unit.Id] = Now;
        _region.Tell(new SlotWorkUnit(slot, unit));
        return true;
    }

    /// <summary>A unit of the worker succeeded: its failures in a row and its back-off start over.</summary>
    public void Succeeded(string worker) => _quarantine.Succeeded(worker);

    /// <summary>The unit's result is applied: it leaves its slot.</summary>
    public void Done(UnitId id)
    {
        _inFlight.Remove(id);
        _slots.Release(id);
    }

    /// <summary>
    /// Counts a failure of the unit on <paramref name="worker"/> and returns its attempts so far. Below the owner's limit
    /// (<see cref="SearchRunOptions.MaxUnitAttempts"/>) the unit leaves its slot, so that its next attempt may go to another
    /// worker (the one it failed on may be what is broken), and when the failure quarantines the worker, Until says till when.
    /// </summary>
    public (int Attempts, DateTimeOffset? QuarantinedUntil) Failed(UnitId id, string worker)
    {
        var attempts = _attempts[id] = _attempts.GetValueOrDefault(id) + 1;
        if (attempts >= _options.MaxUnitAttempts) return (attempts, null);
        Done(id);
        _failedOn[id] = worker;
        return (attempts, _quarantine.Failed(worker, Now));
    }

    /// <summary>
    /// Gives slots to the pool's workers that are not quarantined and that <paramref name="refusal"/> does not refuse;
    /// a draining worker's slots keep their units and take no new ones. Returns the units whose slot is gone (now no longer
    /// in flight, to be sent again), the refusals not reported before, and the capacity when it changed.
    /// </summary>
    public (IReadOnlyList<UnitId> Orphans, IReadOnlyList<string> NewRefusals, int? NewCapacity, int Workers) UsePool(WorkerPool pool,
        Func<NodeHello, string?> refusal)
    {
        var admitted = new List<NodeHello>();
        var refusals = new List<string>();
        var now = Now;
        foreach (var worker in pool.Workers)
        {
            if (_quarantine.IsQuarantined(worker.Address, now)) continue;
            if (refusal(worker) is { } reason)
            {
                if (_refused.Add(worker.Address)) refusals.Add($"worker {worker.Address} gets no units: {reason}");
                continue;
            }
            admitted.Add(worker);
        }
        var before = _slots.Capacity;
        var orphans = Lost(_slots.SetWorkers(admitted.Select(w => (w.Address, w.Capacity))));
        _slots.Close(admitted.Where(w => w.Draining).Select(w => w.Address));
        return (orphans, refusals, _slots.Capacity != before ? _slots.Capacity : null, admitted.Count);
    }

    /// <summary>A worker left the cluster: its slots are gone; returns its units, no longer in flight, to be sent again.</summary>
    public IReadOnlyList<UnitId> WorkerLeft(string address) => Lost(_slots.RemoveWorker(address));

    /// <summary>Units without an answer for <see cref="SearchRunOptions.RedispatchAfter"/>, with how long they have waited.</summary>
    public IReadOnlyList<(UnitId Id, TimeSpan Waited)> Overdue()
    {
        var now = Now;
        return _inFlight.Where(unit => now - unit.Value >= _options.RedispatchAfter).Select(unit => (unit.Key, now - unit.Value)).ToArray();
    }

    /// <summary>Nothing is on its way any more (a phase closed, the run stopped): every slot goes back.</summary>
    public void Clear()
    {
        _inFlight.Clear();
        _slots.Clear();
        _failedOn.Clear();
    }

    /// <summary>The owner stops: the ledger forgets it, and every slot it held goes to the node's other runs.</summary>
    public void Leave() => _options.Slots.Leave(_owner);

    private IReadOnlyList<UnitId> Lost(IReadOnlyList<UnitId> orphans)
    {
        foreach (var unit in orphans) _inFlight.Remove(unit);
        return orphans;
    }
}
