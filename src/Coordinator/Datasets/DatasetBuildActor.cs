using System.Globalization;
using System.Threading.Channels;
using Akka.Actor;
using Akka.Cluster;
using Akka.Event;
using EvoPo.Coordinator.Config;
using EvoPo.Coordinator.Search;
using EvoPo.GpuWorker.Node;
using EvoPo.Messages.Work;
using EvoPo.Simulation.Datasets;

namespace EvoPo.Coordinator.Datasets;

/// <summary>
/// Drives one dataset build over the cluster: sends its chunk units to the workers and passes each chunk that comes back,
/// once, to <c>chunks</c>, whose reader writes the file. Dispatch is a search run's own (<see cref="UnitDispatch"/>): the
/// node's <see cref="WorkerPool"/> and <see cref="SlotLedger"/>, the same region, a failed unit retried on another worker,
/// quarantine of a worker whose units keep failing, units of a worker that left and units without an answer for
/// <see cref="SearchRunOptions.RedispatchAfter"/> sent again. Nothing is journaled: a build is as deterministic as its
/// chunks and its file appears only once complete, so a stopped build is simply run again. It ends by completing
/// <c>chunks</c>: normally once every chunk is in, with a <see cref="DatasetBuildException"/> when a unit failed
/// <see cref="SearchRunOptions.MaxUnitAttempts"/> times or the actor itself failed; then it stops.
/// </summary>
public sealed class DatasetBuildActor : ReceiveActor, IWithTimers
{
    private readonly string _buildId;
    private readonly ChannelWriter<DatasetChunk> _chunks;
    private readonly Action<string> _say;
    private readonly SearchRunOptions _options;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly SortedDictionary<int, WorkUnit> _pending = [];
    private readonly UnitDispatch _dispatch;
    private WorkerPool? _pool;

    /// <param name="say">Where the lines for the user go (workers joining, chunks in, failures).</param>
    public DatasetBuildActor(string buildId, IReadOnlyList<WorkUnit> units, IActorRef workers, ChannelWriter<DatasetChunk> chunks, Action<string> say,
        SearchRunOptions options)
    {
        _buildId = buildId;
        _chunks = chunks;
        _say = say;
        _options = options;
        foreach (var unit in units) _pending[unit.Id.UnitIndex] = unit;
        _dispatch = new UnitDispatch(buildId, workers, options);

        Receive<WorkerPool>(pool =>
        {
            _pool = pool;
            UsePool();
        });
        Receive<UnitResult>(OnResult);
        Receive<UnitFailed>(failed => OnUnitFailed(failed.Id, failed.Worker, failed.Reason));
        Receive<DispatchSignals.CheckOutstanding>(_ => Redispatch());
        Receive<DispatchSignals.SlotFreed>(_ => Advance());
        Receive<DispatchSignals.QuarantineOver>(_ => UsePool());
        Receive<ClusterEvent.MemberRemoved>(removed =>
        {
            if (removed.Member.HasRole("worker")) SendAgain(_dispatch.WorkerLeft(removed.Member.Address.ToString()), $"worker {removed.Member.Address} left the cluster");
        });
        Receive<ClusterEvent.IClusterDomainEvent>(_ => { });
    }

    public static Props Props(string buildId, IReadOnlyList<WorkUnit> units, IActorRef workers, ChannelWriter<DatasetChunk> chunks, Action<string> say,
        SearchRunOptions options) =>
        Akka.Actor.Props.Create(() => new DatasetBuildActor(buildId, units, workers, chunks, say, options));

    public ITimerScheduler Timers { get; set; } = null!;

    protected override void PreStart()
    {
        Akka.Cluster.Cluster.Get(Context.System).Subscribe(Self, ClusterEvent.SubscriptionInitialStateMode.InitialStateAsEvents,
            typeof(ClusterEvent.MemberRemoved));
        Context.System.EventStream.Subscribe(Self, typeof(WorkerPool));
        Context.ActorSelection("/user/" + Hosting.NodeGatekeeper.Name).Tell(GetWorkerPool.Instance);
        Timers.StartPeriodicTimer("outstanding", DispatchSignals.CheckOutstanding.Instance, _options.RedispatchCheck);
        if (_pending.Count == 0) _chunks.TryComplete();
    }

    protected override void PostStop()
    {
        Akka.Cluster.Cluster.Get(Context.System).Unsubscribe(Self);
        _dispatch.Leave();
        // Whoever reads the chunks must not wait for a build that can no longer end.
        _chunks.TryComplete(new DatasetBuildException("the dataset build's actor stopped before every chunk was in"));
    }

    /// <summary>A bug or an unexpected message: the build ends with the reason, it is not restarted halfway.</summary>
    protected override void PreRestart(Exception reason, object message)
    {
        _chunks.TryComplete(new DatasetBuildException($"the dataset build failed: {reason.GetType().Name}: {reason.Message}"));
        Context.Stop(Self);
    }

    private void Advance()
    {
        var self = Self;
        _dispatch.Want(1, _dispatch.Fill(_pending.Values), () => self.Tell(DispatchSignals.SlotFreed.Instance));
    }

    /// <summary>Training workers of the pool that are not quarantined get slots; simulated ones build no data.</summary>
    private void UsePool()
    {
        if (_pool is null) return;
        var (orphans, refusals, capacity, workers) = _dispatch.UsePool(_pool, worker => WorkerAdmission.Refusal(worker, new WorkConfig()));
        foreach (var refusal in refusals) _say(refusal);
        if (capacity is not null) _say($"{workers} worker(s), capacity {capacity}");
        SendAgain(orphans, "its worker left the pool");
    }

    private void OnResult(UnitResult result)
    {
        if (result.Id.RunId != _buildId || !_pending.TryGetValue(result.Id.UnitIndex, out var unit) || unit.Id != result.Id) return;
        DatasetChunk chunk;
        try
        {
            chunk = ChunkOf(result, unit.DatasetChunk!);
        }
        catch (ArgumentException e)
        {
            OnUnitFailed(result.Id, result.Worker, $"malformed answer: {e.Message}");
            return;
        }
        _dispatch.Succeeded(result.Worker);
        _dispatch.Done(result.Id);
        _pending.Remove(result.Id.UnitIndex);
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

    /// <exception cref="ArgumentException">The answer holds no chunk, or not the pairs the unit asked for.</exception>
    private static DatasetChunk ChunkOf(UnitResult result, DatasetChunkWork work)
    {
        var data = result.DatasetChunk ?? throw new ArgumentException("the answer holds no dataset chunk (a worker of an older version?)");
        var chunk = DatasetChunkWire.FromData(data);
        if (chunk.FirstPair != work.FirstPair || chunk.Count != work.Pairs)
            throw new ArgumentException($"it holds pairs {chunk.FirstPair}..{chunk.FirstPair + chunk.Count - 1}, the unit asked for {work.FirstPair}..{work.FirstPair + work.Pairs - 1}");
        return chunk;
    }

    private void OnUnitFailed(UnitId id, string worker, string reason)
    {
        if (!_dispatch.IsInFlight(id)) return;
        var (attempts, quarantined) = _dispatch.Failed(id, worker);
        _log.Warning("dataset build {0}: unit {1} failed on {2} (attempt {3}/{4}): {5}", _buildId, id, worker, attempts, _options.MaxUnitAttempts, reason);
        if (attempts >= _options.MaxUnitAttempts)
        {
            _chunks.TryComplete(new DatasetBuildException($"unit {id} failed {attempts} times, last on {worker}: {reason}"));
            Context.Stop(Self);
            return;
        }
        _say($"unit {id} failed on {worker} (attempt {attempts}/{_options.MaxUnitAttempts}): {reason}; sending it to another worker");
        if (quarantined is { } until)
        {
            var seconds = (until - _options.Clock.GetUtcNow()).TotalSeconds;
            _say(string.Create(CultureInfo.InvariantCulture, $"worker {worker} failed {_options.QuarantineAfterFailures} units in a row: it gets no chunks for {seconds:F0} s"));
            Timers.StartSingleTimer("quarantine " + worker, DispatchSignals.QuarantineOver.Instance, until - _options.Clock.GetUtcNow());
            UsePool();
        }
        Advance();
    }

    private void Redispatch()
    {
        foreach (var (id, waited) in _dispatch.Overdue())
        {
            _log.Info("dataset build {0}: no answer for unit {1} after {2:F0} s, sending it again", _buildId, id, waited.TotalSeconds);
            _dispatch.Send(_pending[id.UnitIndex]);
        }
    }

    /// <summary>Units whose worker is gone lost their slot: they go to free slots on the remaining workers.</summary>
    private void SendAgain(IReadOnlyList<UnitId> orphans, string why)
    {
        if (orphans.Count > 0) _say($"{why}; sending its {orphans.Count} unit(s) again");
        Advance();
    }
}
