using EvoPo.Messages;
using EvoPo.Messages.Cluster;
using EvoPo.Messages.Search;
using EvoPo.Messages.Work;

namespace EvoPo.Messages.Tests.Serialization;

/// <summary>One populated instance of every message type, with awkward values (NaN, extremes, nulls).</summary>
internal static class SampleMessages
{
    private static readonly UnitId Unit = new("run-1", 3, 2);

    private static readonly TrainingPlan Plan = new(
        new ArtifactRef("ab12", "/tmp/d.evopods"), new ArtifactRef("cd34", "agents/a.agent.json"),
        Epochs: 4, SftEpochs: 2, MinibatchPairs: 8, LearningRate: 1e-3, MaxGradNorm: 1.3,
        EvaluationTask: "crawler-3leg", EpisodeLength: 100, EvaluationEpisodes: 16, EvaluationSeed: ulong.MaxValue,
        DeterministicEvaluation: true);

    private static readonly RunCreated Created = new("run-1", "run: {seed: 7}\n", 7, "ab12", "cd34", [0.0, -1e-300, 1e300],
        new DateTime(2026, 11, 22, 12, 0, 0, DateTimeKind.Utc), ProtocolVersion.Current);

    private static readonly GenerationCompleted Generation = new(3, "ff00", 1.5, 2.5, double.NaN, 0.25, 1, 0.0299, 12.5, 20.25);

    private static readonly UnitCompleted Completed = new(Unit, [1.0, double.NaN, double.NegativeInfinity], 1.5, 0.5, "akka.tcp://evopo@host:1");

    private static readonly ObservationMoments Moments = new(60, [0.5, -1.0], [3.0, 0.25]);

    private static readonly EsStateData State = new(4, [1.0, 2.0], 0.03, [0.1, 0.2], [0.01, 0.02], 4, 9.5, null);

    public static IEnumerable<IEvoPoMessage> All() =>
    [
        new WorkUnit(Unit, Plan,
        [
            new Candidate(0, new CandidateObjective("mpo-1s", new Dictionary<string, double> { ["lambda"] = 0.1 }, [0.5, -0.5]), 42),
            new Candidate(1, new CandidateObjective("dpo", new Dictionary<string, double>(), null), ulong.MaxValue),
        ]),
        new UnitResult(Unit, [1.0, double.NaN], 3.5, 0.25, "worker-a"),
        new WorkUnit(Unit, Plan, [new Candidate(0, new CandidateObjective(PolicyRollout.ObjectiveName, new Dictionary<string, double>(), [0.5, -0.5]), 0)],
            new PolicyRollout(1.0, [0.5f, -1f], [2f, 0.5f], RecordObservations: true)),
        new WorkUnit(Unit, Plan, [], new PolicyRollout(0, null, null, RecordObservations: false)),
        new UnitResult(Unit, [1.0, double.NaN], 0, 0.25, "worker-a", [Moments, new ObservationMoments(0, [0, 0], [0, 0])]),
        new WorkUnit(Unit, Plan, [], DatasetChunk: new DatasetChunkWork(new ArtifactRef("aa", "/a.agent.json"), new ArtifactRef("bb", "/b.agent.json"),
            "crawler-3leg", 2, "noisy", 0.2, 1.0, 11, true, 128, 64, 1)),
        new UnitResult(Unit, [], 0, 0.5, "worker-a", DatasetChunk: new DatasetChunkData(64, 2, 1, 1,
            new TrajectoryBlockData(1, [0, 0, 128, 63, 0, 0, 0, 0], [0, 0, 0, 64, 0, 0, 0, 0], [1, 2, 3, 4, 0, 0, 0, 0], [1], [2.5], [1]),
            new TrajectoryBlockData(1, new byte[8], new byte[8], new byte[8], [2], [-0.5], [0]), [1], [true])),
        Completed with { Observations = [Moments] },
        new SearchSnapshot(Created, null, [Generation], [Completed with { Observations = [Moments] }], [], new EsStateEnvelope("openai-es", 1, [0x94]), Moments),
        new UnitFailed(Unit, "dataset hash mismatch", "worker-b"),
        Created,
        Completed,
        Generation,
        new RunFinished("ff00", new DateTime(2026, 11, 22, 13, 0, 0, DateTimeKind.Utc)),
        new RunFailed("every candidate diverged", new DateTime(2026, 11, 22, 13, 0, 0, DateTimeKind.Utc)),
        new RunReopened("unit failed 3 times: dataset.evopods is truncated", new DateTime(2026, 11, 22, 14, 0, 0, DateTimeKind.Utc)),
        new ClusterViewRequest(),
        new ClusterView("akka.tcp://evopo@host:1#7", true, ["akka.tcp://evopo@host:1#7", "akka.tcp://evopo@host:2#-3"]),
        new RunCancelled("cancelled by alice through the submission API", new DateTime(2026, 11, 22, 15, 0, 0, DateTimeKind.Utc)),
        new SearchSnapshot(Created, State, [Generation], [Completed]),
        new SearchSnapshot(Created, State, [Generation], [Completed with { WorkerCapacity = 2, CompletedAtUnixMs = 1_700_000_000_000 }],
            [new WorkerTally("akka.tcp://evopo@host:1", 2, 7, 12.5, 1_700_000_000_000)]),
        new SearchSnapshot(Created, null, [Generation], [Completed], [], new EsStateEnvelope("pgpe", 1, [0x94, 0x01, 0xc0, 0xff])),
        new StartSearch(Created),
        new StartSearch(null),
        new StartSearch(null, Retry: true),
        new GetRunStatus("run-1"),
        new RunStatus("run-1", "running", 3, 10, "ff00", 9.5, 1, null),
        new RunStatus("run-1", "running", 3, 10, "ff00", 9.5, 1, null, [new WorkerTally("akka.tcp://evopo@host:1", 1, 4, 2.0, 5)]),
        new GenerationProgress("run-1", Generation, 10),
        new ArtifactRequest("ab12", 1L << 40, 1 << 20),
        new ArtifactChunk("ab12", 0, 3, [1, 2, 255]),
        new ArtifactMissing("ab12", "not served here"),
        new NodeHello(ProtocolVersion.Current, "akka.tcp://evopo@127.0.0.1:4053", ["worker"], 2, "cpu"),
        new NodeHello(ProtocolVersion.Current, "akka.tcp://evopo@127.0.0.1:4054", ["worker"], 1, "cpu", Simulated: true),
        new NodeRefused("protocol 2, this cluster speaks 1"),
        new SlotWorkUnit("e2-s7", new WorkUnit(Unit, Plan, [])),
    ];
}
