using Akka.Actor;
using Akka.TestKit.Xunit2;
using EvoPo.Coordinator.Search;
using EvoPo.Messages;
using EvoPo.Messages.Cluster;
using EvoPo.Messages.Search;
using EvoPo.Messages.Work;

namespace EvoPo.Coordinator.Tests.Search;

/// <summary>The SearchRun actor on its own: a probe stands in for the workers, the journal is in memory.</summary>
public sealed class SearchRunActorTests(Xunit.Abstractions.ITestOutputHelper output) : TestKit("""
    akka.actor.provider = cluster
    akka.remote.dot-netty.tcp { hostname = 127.0.0.1, port = 0 }
    akka.persistence.journal.plugin = "akka.persistence.journal.inmem"
    akka.persistence.snapshot-store.plugin = "akka.persistence.snapshot-store.inmem"
    akka.loglevel = WARNING
    """, output)
{
    private sealed class Outputs : IRunOutputs
    {
        public TaskCompletionSource<string> Failure { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public int Generations { get; private set; }

        public void Started(SearchRunState state, bool resumed) { }

        public void UnitCompleted(SearchRunState state, UnitCompleted unit) { }

        public void GenerationCompleted(SearchRunState state, GenerationCompleted generation) => Generations++;

        public void ReportReady(SearchRunState state) { }

        public void Finished(SearchRunState state) => Failure.TrySetResult("finished");

        public void Failed(string runId, string reason) => Failure.TrySetResult(reason);
    }

    private const string Worker = "akka.tcp://evopo@127.0.0.1:25521";

    private static readonly EvoPo.Coordinator.Config.SearchConfig Config = SearchFixtures.Config(population: 4, unitSize: 4, generations: 2);

    private IActorRef Start(string runId, IActorRef workers, Outputs outputs, RunCreated? create)
    {
        var run = Sys.ActorOf(SearchRunActor.Props(runId, created => new SearchPlan(created.RunId, created.Seed, Config, SearchFixtures.Plan(Config).Training), workers, outputs, new SearchRunOptions()));
        run.Tell(new WorkerPool([new NodeHello(ProtocolVersion.Current, Worker, ["worker"], 4, "cpu")]));
        run.Tell(new StartSearch(create));
        return run;
    }

    [Fact]
    public async Task A_generation_whose_every_candidate_failed_fails_the_run_and_the_journal_keeps_it_failed()
    {
        var workers = CreateTestProbe();
        var outputs = new Outputs();
        var run = Start(SearchFixtures.RunId, workers.Ref, outputs, SearchFixtures.Created(Config));

        var unit = workers.ExpectMsg<SlotWorkUnit>().Unit;
        run.Tell(new UnitResult(unit.Id, unit.Candidates.Select(_ => double.NaN).ToArray(), 1, 1, Worker));

        var reason = await outputs.Failure.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Contains("every candidate of generation 1 failed", reason);
        Assert.Equal(0, outputs.Generations);
        workers.ExpectNoMsg(TimeSpan.FromMilliseconds(300));

        // A later process replays the journal: the run is failed, not resumed into generation 1.
        Watch(run);
        Sys.Stop(run);
        ExpectTerminated(run);
        var again = new Outputs();
        Start(SearchFixtures.RunId, workers.Ref, again, create: null);
        Assert.Contains("every candidate of generation 1 failed", await again.Failure.Task.WaitAsync(TimeSpan.FromSeconds(10)));
        workers.ExpectNoMsg(TimeSpan.FromMilliseconds(300));
    }

    [Fact]
    public void A_generation_with_one_finite_fitness_goes_on()
    {
        var workers = CreateTestProbe();
        var outputs = new Outputs();
        var run = Start("one-finite", workers.Ref, outputs, SearchFixtures.Created(Config) with { RunId = "one-finite" });

        var unit = workers.ExpectMsg<SlotWorkUnit>().Unit;
        run.Tell(new UnitResult(unit.Id, unit.Candidates.Select((_, i) => i == 0 ? 1.0 : double.NaN).ToArray(), 1, 1, Worker));

        var next = workers.ExpectMsg<SlotWorkUnit>().Unit;
        Assert.Equal(1, next.Id.Generation);
        Assert.Equal(1, outputs.Generations);
        Assert.False(outputs.Failure.Task.IsCompleted);
    }

    [Fact]
    public async Task The_third_failure_of_a_unit_fails_the_run_with_the_workers_reason()
    {
        var workers = CreateTestProbe();
        var outputs = new Outputs();
        var run = Start("thrice", workers.Ref, outputs, SearchFixtures.Created(Config) with { RunId = "thrice" });

        for (var attempt = 0; attempt < 3; attempt++)
        {
            var unit = workers.ExpectMsg<SlotWorkUnit>().Unit;
            run.Tell(new UnitFailed(unit.Id, "dataset.evopods is truncated", Worker));
        }

        var reason = await outputs.Failure.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Contains("failed 3 times", reason);
        Assert.Contains("dataset.evopods is truncated", reason);
    }
}
