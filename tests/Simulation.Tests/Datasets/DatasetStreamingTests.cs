using EvoPo.Simulation.Datasets;
using EvoPo.Simulation.Policies;
using EvoPo.Simulation.Tasks;

namespace EvoPo.Simulation.Tests.Datasets;

public sealed class DatasetStreamingTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("evopo-stream-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData(DatasetVariant.Noisy, 1)]
    [InlineData(DatasetVariant.Mixed, 3)]
    [InlineData(DatasetVariant.Base, 64)]
    public void Streamed_file_equals_the_in_memory_build(DatasetVariant variant, int chunkPairs)
    {
        var spec = new DatasetSpec(10, variant, variant == DatasetVariant.Noisy ? 0.3 : 0, 1.0, Seed: 9);
        var inMemory = DatasetBuilderTests.Build(spec);
        var a = Path.Combine(_dir, "a.evopods");
        var b = Path.Combine(_dir, "b.evopods");
        DatasetFile.Write(a, inMemory);
        var streamed = DatasetBuilder.BuildToFile(DatasetBuilderTests.Target, DatasetBuilderTests.Original, DatasetBuilderTests.TargetAgent, spec, b, chunkPairs);
        Assert.Equal(File.ReadAllBytes(a), File.ReadAllBytes(b));
        Assert.Equal(inMemory.ContentHash, streamed.ContentHash);
        Assert.Equal(inMemory.Labels, streamed.Labels);
        Assert.Equal(inMemory.Second.Returns, streamed.SecondReturns);
        Assert.Equal(inMemory.ContentHash, DatasetFile.Read(b).ContentHash);
        Assert.Single(Directory.GetFiles(_dir, "*.evopods", SearchOption.TopDirectoryOnly), f => f == b);
    }

    [Fact]
    public void A_mujoco_tla_dataset_streams_and_reads_back()
    {
        var task = BuiltInTasks.Get("tla", episodeLength: 15);
        var shape = new PolicyShape(task.ObsDim, [8], task.ActDim);
        var original = new Agent("ant", shape, 0.05, GaussianMlp.InitParameters(shape, 1));
        var target = new Agent("tla", shape, 0.05, GaussianMlp.InitParameters(shape, 2));
        var path = Path.Combine(_dir, "tla.evopods");
        var spec = new DatasetSpec(6, DatasetVariant.Base, 0, 1.0, Seed: 3);
        var streamed = DatasetBuilder.BuildToFile(task, original, target, spec, path, chunkPairs: 4);
        var read = DatasetFile.Read(path);
        Assert.Equal(streamed.ContentHash, read.ContentHash);
        Assert.Equal(("tla", 27, 8, 15), (read.Metadata.Task, read.Metadata.ObsDim, read.Metadata.ActDim, read.Metadata.MaxLength));
        Assert.Equal(DatasetBuilder.Build(task, original, target, spec).ContentHash, read.ContentHash);
    }
}
