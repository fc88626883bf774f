using EvoPo.Simulation.Datasets;
using EvoPo.Simulation.Policies;
using EvoPo.Simulation.Tasks;

namespace EvoPo.Simulation.Tests.Datasets;

public sealed class DatasetChunkTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("evopo-chunks-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData(DatasetVariant.Noisy, 1, 7)]
    [InlineData(DatasetVariant.Mixed, 4, 1)]
    [InlineData(DatasetVariant.Base, 3, 3)]
    public void Chunks_built_apart_and_written_in_any_order_give_the_file_of_one_build(DatasetVariant variant, int chunkPairs, int shuffleSeed)
    {
        var spec = new DatasetSpec(11, variant, variant == DatasetVariant.Noisy ? 0.3 : 0, 1.0, Seed: 9);
        var (task, original, target) = (DatasetBuilderTests.Target, DatasetBuilderTests.Original, DatasetBuilderTests.TargetAgent);
        var reference = Path.Combine(_dir, "one-build.evopods");
        var expected = DatasetBuilder.BuildToFile(task, original, target, spec, reference);

        var cuts = Enumerable.Range(0, (spec.Pairs + chunkPairs - 1) / chunkPairs)
            .Select(i => (First: i * chunkPairs, Count: Math.Min(chunkPairs, spec.Pairs - i * chunkPairs)))
            .ToArray();
        new System.Random(shuffleSeed).Shuffle(cuts);
        var chunked = Path.Combine(_dir, "chunked.evopods");
        DatasetSummaryData written;
        using (var writer = new DatasetFileWriter(chunked, DatasetBuilder.Metadata(task, original, target, spec)))
        {
            foreach (var (first, count) in cuts) writer.WriteChunk(DatasetBuilder.BuildChunk(task, original, target, spec, first, count));
            Assert.Equal(spec.Pairs, writer.WrittenPairs);
            written = writer.Complete();
        }

        Assert.Equal(File.ReadAllBytes(reference), File.ReadAllBytes(chunked));
        Assert.Equal(expected.ContentHash, written.ContentHash);
        Assert.Equal(expected.Labels, written.Labels);
    }

    [Fact]
    public void A_chunk_written_twice_changes_nothing_and_a_missing_one_keeps_the_file_from_completing()
    {
        var spec = new DatasetSpec(6, DatasetVariant.Base, 0, 1.0, Seed: 4);
        var (task, original, target) = (DatasetBuilderTests.Target, DatasetBuilderTests.Original, DatasetBuilderTests.TargetAgent);
        var reference = Path.Combine(_dir, "one-build.evopods");
        DatasetBuilder.BuildToFile(task, original, target, spec, reference);
        var path = Path.Combine(_dir, "twice.evopods");
        using (var writer = new DatasetFileWriter(path, DatasetBuilder.Metadata(task, original, target, spec)))
        {
            var last = DatasetBuilder.BuildChunk(task, original, target, spec, 3, 3);
            writer.WriteChunk(last);
            writer.WriteChunk(last);
            Assert.Equal(3, writer.WrittenPairs);
            Assert.Contains("pair 0", Assert.Throws<InvalidOperationException>(() => writer.Complete()).Message);
            writer.WriteChunk(DatasetBuilder.BuildChunk(task, original, target, spec, 0, 3));
            writer.Complete();
        }
        Assert.Equal(File.ReadAllBytes(reference), File.ReadAllBytes(path));
    }

    [Fact]
    public void A_chunk_outside_the_dataset_is_refused()
    {
        var spec = new DatasetSpec(4, DatasetVariant.Base, 0, 1.0, Seed: 4);
        Assert.Throws<ArgumentOutOfRangeException>(() =>
            DatasetBuilder.BuildChunk(DatasetBuilderTests.Target, DatasetBuilderTests.Original, DatasetBuilderTests.TargetAgent, spec, 2, 3));
    }

    [Fact]
    public void Mujoco_tla_chunks_in_reverse_order_give_the_file_of_one_build()
    {
        var task = BuiltInTasks.Get("tla", episodeLength: 15);
        var shape = new PolicyShape(task.ObsDim, [8], task.ActDim);
        var original = new Agent("ant", shape, 0.05, GaussianMlp.InitParameters(shape, 1));
        var target = new Agent("tla", shape, 0.05, GaussianMlp.InitParameters(shape, 2));
        var spec = new DatasetSpec(5, DatasetVariant.Mixed, 0, 1.0, Seed: 3);
        var reference = Path.Combine(_dir, "tla-one-build.evopods");
        DatasetBuilder.BuildToFile(task, original, target, spec, reference);
        var path = Path.Combine(_dir, "tla-chunked.evopods");
        using (var writer = new DatasetFileWriter(path, DatasetBuilder.Metadata(task, original, target, spec)))
        {
            writer.WriteChunk(DatasetBuilder.BuildChunk(task, original, target, spec, 3, 2));
            writer.WriteChunk(DatasetBuilder.BuildChunk(task, original, target, spec, 0, 3));
            writer.Complete();
        }
        Assert.Equal(File.ReadAllBytes(reference), File.ReadAllBytes(path));
    }

    [Fact]
    public void Bytes_per_pair_count_both_trajectories_and_the_pair_scalars()
    {
        // TLA at T = 1000: obs 27, act 8 → 2 × (4 × 1000 × 36 + 13) + 2.
        Assert.Equal(288_028, DatasetChunk.BytesPerPair(1000, 27, 8));
    }
}
