using System.Globalization;
using System.Threading.Channels;
using Akka.Actor;
using Akka.Cluster;
using Akka.Event;
using EvoPo.Coordinator.Config;
using EvoPo.Coordinator.Search;
using EvoPo.GpuWorker.Node;
using EvoPo.Messages.Cluster;
using EvoPo.Messages.Work;
using EvoPo.Simulation.Datasets;

namespace EvoPo.Coordinator.Datasets;

/// <summary>
/// Drives one dataset build over the cluster: sends its chunk units into worker slots and passes each chunk that comes
/// back, once, to <c>chunks</c>, whose reader writes the file. Dispatch is a search run's: the node's
/// <see cref="WorkerPool"/> and <see cref="SlotLedger"/> through a <see cref="SlotTable"/>, the same region, a unit that
/// failed goes to another worker, a worker whose units keep failing is quarantined (<see cref="WorkerQuarantine"/>), units
/// of a worker that left and units without an answer for <see cref="SearchRunOptions.RedispatchAfter"/> are sent again.
/// Nothing is journaled: a build is as deterministic as its chunks, and the file appears only when complete, so a stopped
/// build is simply run again. It ends by completing <c>chunks</c>: normally once every chunk is in, with a
/// <see cref="DatasetBuildException"/> when a unit failed <see cref="SearchRunOptions.MaxUnitAttempts"/> times or the actor
/// itself failed; then it stops.
/// </summary>
public sealed class DatasetBuildActor : ReceiveActor, IWithTimers
{
    private readonly string _buildId;
    private readonly IActorRef _workers;
    private readonly ChannelWriter<DatasetChunk> _chunks;
    private readonly Action<string> _say;
    private readonly SearchRunOptions _options;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly SortedDictionary<int, WorkUnit> _pending = [];
    private readonly Dictionary<UnitId, DateTimeOffset> _inFlight = [];
    private readonly Dictionary<UnitId, int> _attempts = [];
    private readonly Dictionary<UnitId, string> _failedOn = [];
    private readonly HashSet<string> _refused = [];
    private readonly SlotTable _slots;
    private readonly WorkerQuarantine _quarantine;
    private WorkerPool? _pool;

    public DatasetBuildActor(string buildId, IReadOnlyList<WorkUnit> units, IActorRef workers, ChannelWriter<DatasetChunk> chunks, Action<string> say,
        SearchRunOptions options)
    {
        _buildId = buildId;
        _workers = workers;
        _chunks = chunks;
        _say = say;
        _options = options;
        foreach (var unit in units) _pending[unit.Id.UnitIndex] = unit;
        _slots = new SlotTable(options.Slots, buildId);
        _quarantine = new WorkerQuarantine(options.QuarantineAfterFailures, options.FirstQuarantine, options.LongestQuarantine);

        Receive<WorkerPool>(pool =>
        {
            _pool = pool;
            UsePool();
        });
        Receive<UnitResult>(OnResult);
        Receive<UnitFailed>(failed => OnUnitFailed(failed.Id, failed.Worker, failed.Reason));
        Receive<CheckOutstanding>(_ => Redispatch());
        Receive<SlotFreed>(_ => Advance());
        Receive<QuarantineOver>(_ => UsePool());
        Receive<ClusterEvent.MemberRemoved>(removed =>
        {
            if (removed.Member.HasRole("worker")) SendAgain(_slots.RemoveWorker(removed.Member.Address.ToString()), $"worker {removed.Member.Address} left the cluster");
        });
        Receive<ClusterEvent.IClusterDomainEvent>(_ => { });
    }

    public static Props Props(string buildId, IReadOnlyList<WorkUnit> units, IActorRef workers, ChannelWriter<DatasetChunk> chunks, Action<string> say,
        SearchRunOptions options) =>
        Akka.Actor.Props.Create(() => new DatasetBuildActor(buildId, units, workers, chunks, say, options));

    public ITimerScheduler Timers { get; set; } = null!;

    private DateTimeOffset Now => _options.Clock.GetUtcNow();

    protected override void PreStart()
    {
        Akka.Cluster.Cluster.Get(Context.System).Subscribe(Self, ClusterEvent.SubscriptionInitialStateMode.InitialStateAsEvents,
            typeof(ClusterEvent.MemberRemoved));
        Context.System.EventStream.Subscribe(Self, typeof(WorkerPool));
        Context.ActorSelection("/user/" + Hosting.NodeGatekeeper.Name).Tell(GetWorkerPool.Instance);
        Timers.StartPeriodicTimer("outstanding", CheckOutstanding.Instance, _options.RedispatchCheck);
        if (_pending.Count == 0) _chunks.TryComplete();
    }

    protected override void PostStop()
    {
        Akka.Cluster.Cluster.Get(Context.System).Unsubscribe(Self);
        _options.Slots.Leave(_buildId);
        // Whoever reads the chunks must not wait for a build that can no longer end.
        _chunks.TryComplete(new DatasetBuildException("the dataset build's actor stopped before every chunk was in"));
    }

    /// <summary>A bug or an unexpected message: the build ends with the reason, it is not restarted halfway.</summary>
    protected override void PreRestart(Exception reason, object message)
    {
        _chunks.TryComplete(new DatasetBuildException($"the dataset build failed: {reason.GetType().Name}: {reason.Message}"));
        Context.Stop(Self);
    }

    /// <summary>Every unit without an answer and without a slot goes into a free one; the ledger learns how many still wait.</summary>
    private void Advance()
    {
        var (waiting, full) = (0, false);
        foreach (var unit in _pending.Values)
        {
            if (_inFlight.ContainsKey(unit.Id)) continue;
            var avoiding = _failedOn.ContainsKey(unit.Id);
            if (full && !avoiding || !Dispatch(unit))
            {
                waiting++;
                full |= !avoiding;
            }
        }
        var self = Self;
        _options.Slots.Want(_buildId, 1, waiting, _slots.Open, () => self.Tell(SlotFreed.Instance));
    }

    private bool Dispatch(WorkUnit unit)
    {
        if (_slots.Assign(unit.Id, _failedOn.GetValueOrDefault(unit.Id)) is not { } slot) return false;
        _inFlight[unit.Id] = Now;
        _workers.Tell(new SlotWorkUnit(slot, unit));
        return true;
    }

    /// <summary>Training workers of the pool that are not quarantined get slots; simulated ones build no data.</summary>
    private void UsePool()
    {
        if (_pool is null) return;
        var now = Now;
        var admitted = new List<NodeHello>();
        foreach (var worker in _pool.Workers)
        {
            if (_quarantine.IsQuarantined(worker.Address, now)) continue;
            if (WorkerAdmission.Refusal(worker, new WorkConfig()) is { } refusal)
            {
                if (_refused.Add(worker.Address)) _say($"worker {worker.Address} gets no chunks: {refusal}");
                continue;
            }
            admitted.Add(worker);
        }
        var before = _slots.Capacity;
        var orphans = _slots.SetWorkers(admitted.Select(w => (w.Address, w.Capacity)));
        _slots.Close(admitted.Where(w => w.Draining).Select(w => w.Address));
        if (_slots.Capacity != before) _say($"{admitted.Count} worker(s), capacity {_slots.Capacity}");
        SendAgain(orphans, "its worker left the pool");
    }

    private void OnResult(UnitResult result)
    {
        if (result.Id.RunId != _buildId || !_pending.TryGetValue(result.Id.UnitIndex, out var unit) || unit.Id != result.Id) return;
        DatasetChunk chunk;
        try
        {
            var data = result.DatasetChunk ?? throw new ArgumentException("the answer holds no dataset chunk (a worker of an older version?)");
            chunk = DatasetChunkWire.FromData(data);
            var work = unit.DatasetChunk!;
            if (chunk.FirstPair != work.FirstPair || chunk.Count != work.Pairs)
                throw new ArgumentException($"it holds pairs {chunk.FirstPair}..{chunk.FirstPair + chunk.Count - 1}, the unit asked for {work.FirstPair}..{work.FirstPair + work.Pairs - 1}");
        }
        catch (ArgumentException e)
        {
            OnUnitFailed(result.Id, result.Worker, $"malformed answer: {e.Message}");
            return;
        }
        _quarantine.Succeeded(result.Worker);
        _pending.Remove(result.Id.UnitIndex);
        _inFlight.Remove(result.Id);
        _slots.Release(result.Id);
        _chunks.TryWrite(chunk);
        _say(string.Create(CultureInfo.InvariantCulture,
            $"pairs {chunk.FirstPair}..{chunk.FirstPair + chunk.Count - 1} built on {result.Worker} in {result.EvalSeconds:F1} s"));
        if (_pending.Count > 0)
        {
            Advance();
            return;
        }
        _chunks.TryComplete();
        Context.Stop(Self);
    }

    private void OnUnitFailed(UnitId id, string worker, string reason)
    {
        if (!_inFlight.ContainsKey(id)) return;
        var attempts = _attempts[id] = _attempts.GetValueOrDefault(id) + 1;
        _log.Warning("dataset build {0}: unit {1} failed on {2} (attempt {3}/{4}): {5}", _buildId, id, worker, attempts, _options.MaxUnitAttempts, reason);
        if (attempts >= _options.MaxUnitAttempts)
        {
            _chunks.TryComplete(new DatasetBuildException($"unit {id} failed {attempts} times, last on {worker}: {reason}"));
            Context.Stop(Self);
            return;
        }
        _say($"unit {id} failed on {worker} (attempt {attempts}/{_options.MaxUnitAttempts}): {reason}; sending it to another worker");
        _inFlight.Remove(id);
        _slots.Release(id);
        _failedOn[id] = worker;
        if (_quarantine.Failed(worker, Now) is { } until)
        {
            _say($"worker {worker} failed {_options.QuarantineAfterFailures} units in a row: it gets no chunks for {(until - Now).TotalSeconds:F0} s");
            Timers.StartSingleTimer("quarantine " + worker, QuarantineOver.Instance, until - Now);
            UsePool();
        }
        Advance();
    }

    private void Redispatch()
    {
        var now = Now;
        foreach (var (id, sent) in _inFlight.ToArray())
        {
            if (now - sent < _options.RedispatchAfter) continue;
            _log.Info("dataset build {0}: no answer for unit {1} after {2:F0} s, sending it again", _buildId, id, (now - sent).TotalSeconds);
            Dispatch(_pending[id.UnitIndex]);
        }
    }

    /// <summary>Units whose worker is gone lost their slot: they go to free slots on the remaining workers.</summary>
    private void SendAgain(IReadOnlyList<UnitId> orphans, string why)
    {
        foreach (var unit in orphans) _inFlight.Remove(unit);
        if (orphans.Count > 0) _say($"{why}; sending its {orphans.Count} unit(s) again");
        Advance();
    }

    private sealed class CheckOutstanding
    {
        public static readonly CheckOutstanding Instance = new();
    }

    private sealed class SlotFreed
    {
        public static readonly SlotFreed Instance = new();
    }

    private sealed class QuarantineOver
    {
        public static readonly QuarantineOver Instance = new();
    }
}
