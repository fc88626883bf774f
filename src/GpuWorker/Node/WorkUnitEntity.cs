using Akka.Actor;
using Akka.Cluster.Sharding;
using Akka.Event;
using EvoPo.Messages.Work;

namespace EvoPo.GpuWorker.Node;

/// <summary>
/// One sharded entity per work unit. It runs the unit off the actor thread and answers every requester:
/// a unit sent twice (a coordinator retry) runs once. After answering it passivates.
/// </summary>
public sealed class WorkUnitEntity : ReceiveActor
{
    public const string TypeName = "work-unit";

    private readonly IUnitRunner _runner;
    private readonly string _worker;
    private readonly List<IActorRef> _requesters = [];
    private readonly CancellationTokenSource _cancellation = new();
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private object? _answer;
    private long _started;

    public WorkUnitEntity(IUnitRunner runner)
    {
        _runner = runner;
        _worker = Akka.Cluster.Cluster.Get(Context.System).SelfAddress.ToString();
        Receive<WorkUnit>(OnWorkUnit);
        Receive<Finished>(OnFinished);
    }

    public static Props Props(IUnitRunner runner) => Akka.Actor.Props.Create(() => new WorkUnitEntity(runner));

    protected override void PostStop()
    {
        _cancellation.Cancel();
        // Stopped while its unit ran (hand-off, shutdown): the unit is no longer this node's to finish.
        if (_requesters.Count > 0) RunningUnits.Ended();
    }

    private void OnWorkUnit(WorkUnit unit)
    {
        if (_answer is not null)
        {
            Sender.Tell(_answer);
            return;
        }
        _requesters.Add(Sender);
        if (_requesters.Count > 1) return;
        if (unit.DatasetChunk is { } chunk) _log.Info("unit {0}: rolling out dataset pairs {1}..{2}", unit.Id, chunk.FirstPair, chunk.FirstPair + chunk.Pairs - 1);
        else _log.Info("unit {0}: {1} {2} candidates", unit.Id, unit.Rollout is null ? "training" : "rolling out", unit.Candidates.Length);
        _started = System.Diagnostics.Stopwatch.GetTimestamp();
        RunningUnits.Started();
        var id = unit.Id;
        var worker = _worker;
        var source = Sender.Path.Address.HasLocalScope ? Akka.Cluster.Cluster.Get(Context.System).SelfAddress : Sender.Path.Address;
        _runner.RunAsync(unit, source, _cancellation.Token).PipeTo(Self,
            success: result => new Finished(result),
            failure: error => new Finished(new UnitFailed(id, Flatten(error), worker)));
    }

    private void OnFinished(Finished finished)
    {
        _answer = finished.Answer;
        WorkerMetrics.UnitDone(_answer is not UnitFailed, System.Diagnostics.Stopwatch.GetElapsedTime(_started));
        if (_answer is UnitFailed failed) _log.Warning("unit {0} failed: {1}", failed.Id, failed.Reason);
        foreach (var requester in _requesters) requester.Tell(_answer);
        _requesters.Clear();
        RunningUnits.Ended();
        Context.Parent.Tell(new Passivate(PoisonPill.Instance));
    }

    private static string Flatten(Exception error) =>
        error is AggregateException { InnerExceptions.Count: 1 } aggregate ? Flatten(aggregate.InnerExceptions[0]) : $"{error.GetType().Name}: {error.Message}";

    private sealed record Finished(object Answer);
}
