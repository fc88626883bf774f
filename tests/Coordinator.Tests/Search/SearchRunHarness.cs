using Akka.Actor;
using Akka.Actor.Dsl;
using Akka.TestKit;
using EvoPo.Coordinator.Config;
using EvoPo.Coordinator.Search;
using EvoPo.Messages;
using EvoPo.Messages.Cluster;
using EvoPo.Messages.Search;
using EvoPo.Messages.Work;

namespace EvoPo.Coordinator.Tests.Search;

/// <summary>
/// A supervised SearchRun in a test's actor system: a probe stands in for the workers, a stand-in gatekeeper tells every
/// (re)started run the worker pool, and a deterministic fake worker can answer every unit until the run ends.
/// </summary>
internal static class SearchRunHarness
{
    public const string Worker = "akka.tcp://evopo@127.0.0.1:25521";

    /// <summary>Two generations of one unit of 4 candidates, then the report's units.</summary>
    public static readonly SearchConfig Config = SearchFixtures.Config(population: 4, unitSize: 4, generations: 2);

    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    public static RunCreated Created(string runId, SearchConfig? config = null) =>
        SearchFixtures.Created(config ?? Config) with { RunId = runId };

    public static NodeHello Hello(string address, int capacity) => new(ProtocolVersion.Current, address, ["worker"], capacity, "cpu");

    /// <summary>Short back-offs, so that restarts happen within a test.</summary>
    public static SearchRunOptions FastRestarts => new()
    {
        MinBackoff = TimeSpan.FromMilliseconds(50),
        MaxBackoff = TimeSpan.FromMilliseconds(200),
        MaxRestarts = 3,
    };

    /// <summary>Answers GetWorkerPool like the node's gatekeeper, with a pool of one worker of capacity 4 unless given.</summary>
    public static void Gatekeeper(ActorSystem system, params NodeHello[] workers)
    {
        var pool = new WorkerPool(workers.Length > 0 ? workers : [Hello(Worker, 4)]);
        system.ActorOf(act => act.Receive<GetWorkerPool>((_, context) => context.Sender.Tell(pool)), "gatekeeper");
    }

    public static IActorRef Start(ActorSystem system, string runId, IActorRef workers, IRunOutputs outputs, StartSearch start,
        SearchRunOptions? options = null) =>
        system.ActorOf(SearchRunSupervisor.Props(runId, start, Plan, workers, outputs, options ?? new SearchRunOptions()));

    /// <summary>The plan of a run created by <see cref="Created"/>, from the config stored in its creation event.</summary>
    public static SearchPlan Plan(RunCreated created)
    {
        var config = SearchConfigLoader.Parse(created.ConfigYaml, "test run");
        return new SearchPlan(created.RunId, created.Seed, config, SearchFixtures.Plan(config).Training);
    }

    /// <summary>The fitness a deterministic worker returns for a unit (that of <see cref="SearchFixtures.Answer"/>).</summary>
    public static UnitResult Answer(WorkUnit unit, string worker = Worker) =>
        new(unit.Id, SearchFixtures.Answer(unit).Fitness, 1.0, 0.5, worker);

    /// <summary>Answers every unit sent to <paramref name="workers"/> until the run ends; returns how it ended.</summary>
    /// <param name="sent">Collects every unit sent, with its slot.</param>
    public static async Task<string> AnswerUntilEndAsync(TestProbe workers, IActorRef run, RecordingOutputs outputs, List<SlotWorkUnit>? sent = null)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!outputs.Outcome.Task.IsCompleted)
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("the run did not end");
            if (workers.ReceiveOne(TimeSpan.FromMilliseconds(100)) is not SlotWorkUnit unit) continue;
            sent?.Add(unit);
            run.Tell(Answer(unit.Unit));
        }
        return await outputs.Outcome.Task;
    }

    /// <summary>How a run that never failed, never restarted and got every answer at once ends: the pure state's digest.</summary>
    public static string UninterruptedOutcome(string runId, SearchConfig? config = null) => "finished " + Uninterrupted(runId, config).State.Es.MeanDigest();

    /// <summary>Units such a run completes, search and report together.</summary>
    public static int UninterruptedUnits(string runId, SearchConfig? config = null) =>
        Uninterrupted(runId, config).Journal.OfType<UnitCompleted>().Count();

    private static (SearchRunState State, List<object> Journal) Uninterrupted(string runId, SearchConfig? config)
    {
        var created = Created(runId, config);
        var state = SearchRunState.Start(created, Plan(created));
        return (state, SearchFixtures.RunToEnd(state));
    }
}
