using Akka.Actor;
using System.Threading.Channels;
using Akka.TestKit.Xunit2;
using EvoPo.Coordinator.Datasets;
using EvoPo.GpuWorker.Node;
using EvoPo.Messages.Work;
using EvoPo.Simulation.Datasets;
using EvoPo.Simulation.Policies;
using EvoPo.Simulation.Tasks;
using static EvoPo.Coordinator.Tests.Search.SearchRunHarness;

namespace EvoPo.Coordinator.Tests.Datasets;

/// <summary>The dataset build's actor: a probe stands in for the workers' region, a stand-in gatekeeper tells it the pool.</summary>
public sealed class DatasetBuildActorTests(Xunit.Abstractions.ITestOutputHelper output) : TestKit("""
    akka.actor.provider = cluster
    akka.remote.dot-netty.tcp { hostname = 127.0.0.1, port = 0 }
    akka.loglevel = WARNING
    """, output)
{
    private const string Other = "akka.tcp://evopo@127.0.0.1:25522";
    private static readonly TaskDescriptor Task = BuiltInTasks.Get("crawler-3leg", 10);
    private static readonly PolicyShape Shape = new(Task.ObsDim, [8], Task.ActDim);
    private static readonly Agent Original = new("crawler", Shape, 0.05, GaussianMlp.InitParameters(Shape, 1, outputScale: 1));
    private static readonly Agent Target = new("crawler-3leg", Shape, 0.05, GaussianMlp.InitParameters(Shape, 2, outputScale: 1));
    private static readonly DatasetSpec Spec = new(5, DatasetVariant.Base, 0, 1.0, Seed: 3);

    private readonly List<string> _said = [];

    private (Akka.TestKit.TestProbe Workers, Channel<DatasetChunk> Chunks) Start(params Messages.Cluster.NodeHello[] workers)
    {
        Gatekeeper(Sys, workers);
        var probe = CreateTestProbe();
        var chunks = Channel.CreateUnbounded<DatasetChunk>();
        var units = DatasetUnits.Cut("build", Task, Spec, new ArtifactRef(Original.ContentHash, ""), new ArtifactRef(Target.ContentHash, ""), 2);
        Sys.ActorOf(DatasetBuildActor.Props("build", units, probe.Ref, chunks.Writer, line => { lock (_said) _said.Add(line); }, FastRestarts));
        return (probe, chunks);
    }

    private static UnitResult Answer(WorkUnit unit, string worker) => DatasetChunkUnit.Run(unit, Original, Target, worker);

    private static async Task<List<DatasetChunk>> All(Channel<DatasetChunk> chunks)
    {
        var all = new List<DatasetChunk>();
        await foreach (var chunk in chunks.Reader.ReadAllAsync()) all.Add(chunk);
        return all;
    }

    [Fact]
    public async Task Every_chunk_comes_once_and_a_unit_that_failed_goes_to_the_other_worker()
    {
        var (workers, chunks) = Start(Hello(Worker, 1), Hello(Other, 1));
        var first = workers.ExpectMsg<SlotWorkUnit>();
        var second = workers.ExpectMsg<SlotWorkUnit>();
        var build = workers.LastSender;
        string WorkerOf(SlotWorkUnit sent) => sent.Slot == WorkerSlots.Name(Worker, 0) ? Worker : Other;
        Assert.NotEqual(WorkerOf(first), WorkerOf(second));

        build.Tell(new UnitFailed(second.Unit.Id, "boom", WorkerOf(second)));
        // The freed slot takes the next unit; the failed one waits for the other worker's slot.
        var third = workers.ExpectMsg<SlotWorkUnit>();
        Assert.Equal((2, second.Slot), (third.Unit.Id.UnitIndex, third.Slot));
        build.Tell(Answer(first.Unit, WorkerOf(first)));
        build.Tell(Answer(first.Unit, WorkerOf(first)));
        var retried = workers.ExpectMsg<SlotWorkUnit>();
        Assert.Equal((second.Unit.Id, first.Slot), (retried.Unit.Id, retried.Slot));
        build.Tell(Answer(third.Unit, WorkerOf(third)));
        build.Tell(Answer(retried.Unit, WorkerOf(retried)));

        var all = await All(chunks);
        Assert.Equal([0, 2, 4], all.Select(c => c.FirstPair).Order());
        Assert.Equal(Spec.Pairs, all.Sum(c => c.Count));
    }

    [Fact]
    public async Task A_unit_that_fails_three_times_ends_the_build_with_the_reason()
    {
        var (workers, chunks) = Start(Hello(Worker, 3));
        var units = new[] { workers.ExpectMsg<SlotWorkUnit>(), workers.ExpectMsg<SlotWorkUnit>(), workers.ExpectMsg<SlotWorkUnit>() };
        var build = workers.LastSender;
        var broken = units[1].Unit;
        build.Tell(new UnitFailed(broken.Id, "agent not found", Worker));
        workers.ExpectMsg<SlotWorkUnit>(m => m.Unit.Id == broken.Id);
        build.Tell(new UnitFailed(broken.Id, "agent not found", Worker));
        workers.ExpectMsg<SlotWorkUnit>(m => m.Unit.Id == broken.Id);
        build.Tell(new UnitFailed(broken.Id, "agent not found", Worker));

        var error = await Assert.ThrowsAsync<DatasetBuildException>(() => All(chunks));
        Assert.Contains("failed 3 times", error.Message);
        Assert.Contains("agent not found", error.Message);
    }

    [Fact]
    public async Task An_answer_without_the_pairs_asked_for_is_a_failure_of_that_unit_not_a_chunk()
    {
        var (workers, chunks) = Start(Hello(Worker, 1));
        var unit = workers.ExpectMsg<SlotWorkUnit>().Unit;
        var build = workers.LastSender;
        var wrong = Answer(unit, Worker);
        build.Tell(wrong with { DatasetChunk = wrong.DatasetChunk! with { FirstPair = 2 } });
        var again = workers.ExpectMsg<SlotWorkUnit>().Unit;
        Assert.Equal(unit.Id, again.Id);
        Assert.False(chunks.Reader.TryRead(out _));
        lock (_said) Assert.Contains(_said, line => line.Contains("malformed answer"));
    }
}
