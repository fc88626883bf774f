using EvoPo.GpuWorker.Node;
using EvoPo.Messages.Work;
using EvoPo.Simulation.Datasets;
using EvoPo.Simulation.Policies;
using EvoPo.Simulation.Tasks;
using MessagePack;

namespace EvoPo.GpuWorker.Tests.Node;

public sealed class DatasetChunkUnitTests
{
    private static readonly TaskDescriptor Task = BuiltInTasks.Get("crawler-3leg", episodeLength: 12);
    private static readonly PolicyShape Shape = new(Task.ObsDim, [8], Task.ActDim);
    private static readonly Agent Original = new("crawler", Shape, 0.05, GaussianMlp.InitParameters(Shape, 1, outputScale: 1));
    private static readonly Agent Target = new("crawler-3leg", Shape, 0.05, GaussianMlp.InitParameters(Shape, 2, outputScale: 1));
    private static readonly DatasetSpec Spec = new(9, DatasetVariant.Noisy, 0.25, 1.0, Seed: 5);

    private static WorkUnit Unit(int firstPair, int pairs) => new(new UnitId("dataset-x", 0, 0),
        new TrainingPlan(new ArtifactRef("", ""), new ArtifactRef(Original.ContentHash, ""), 0, 0, 0, 0, 0, Task.Name, Task.EpisodeLength, 0, 0, false), [],
        DatasetChunk: DatasetChunkWire.ToWork(new ArtifactRef(Original.ContentHash, ""), new ArtifactRef(Target.ContentHash, ""), Task.Name, Task.EpisodeLength,
            Spec, firstPair, pairs));

    [Fact]
    public void A_unit_answers_the_pairs_the_builder_makes_and_they_survive_the_wire_bit_for_bit()
    {
        var result = DatasetChunkUnit.Run(Unit(4, 3), Original, Target, "w");
        var expected = DatasetBuilder.BuildChunk(Task, Original, Target, Spec, 4, 3);
        var back = DatasetChunkWire.FromData(result.DatasetChunk!);

        Assert.Empty(result.Fitness);
        Assert.Equal(4, back.FirstPair);
        // Every field written in a fixed order: equal encodings are equal chunks, bit for bit.
        Assert.Equal(MessagePackSerializer.Serialize(DatasetChunkWire.ToData(expected)), MessagePackSerializer.Serialize(result.DatasetChunk));
        Assert.Equal(MessagePackSerializer.Serialize(result.DatasetChunk), MessagePackSerializer.Serialize(DatasetChunkWire.ToData(back)));
    }

    [Fact]
    public void A_chunk_whose_arrays_do_not_match_its_shape_is_refused()
    {
        var data = DatasetChunkUnit.Run(Unit(0, 2), Original, Target, "w").DatasetChunk!;
        var shorter = data with { First = data.First with { Actions = data.First.Actions[..^4] } };
        Assert.Contains("actions", Assert.Throws<ArgumentException>(() => DatasetChunkWire.FromData(shorter)).Message);
        Assert.Throws<ArgumentException>(() => DatasetChunkWire.FromData(data with { Flipped = [true] }));
    }

    [Fact]
    public void Agents_that_do_not_fit_the_task_and_unknown_variants_fail_the_unit_with_the_reason()
    {
        var other = new Agent("hopper", new PolicyShape(11, [8], 3), 0.05, GaussianMlp.InitParameters(new PolicyShape(11, [8], 3), 1));
        Assert.Contains("target agent", Assert.Throws<ArgumentException>(() => DatasetChunkUnit.Run(Unit(0, 1), Original, other, "w")).Message);
        var unit = Unit(0, 1);
        var bad = unit with { DatasetChunk = unit.DatasetChunk! with { Variant = "sideways" } };
        Assert.Contains("sideways", Assert.Throws<ArgumentException>(() => DatasetChunkUnit.Run(bad, Original, Target, "w")).Message);
    }
}
