using System.Diagnostics;
using EvoPo.Simulation.Datasets;

namespace EvoPo.Simulation.Tests.Datasets;

public sealed class DatasetTempFilesTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("evopo-temps-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static int PidOfAFinishedProcess()
    {
        using var process = Process.Start("true") ?? throw new InvalidOperationException("could not start true");
        process.WaitForExit();
        return process.Id;
    }

    private string Touch(string name)
    {
        var file = Path.Combine(_dir, name);
        File.WriteAllText(file, "partial");
        return file;
    }

    [Fact]
    public void Writing_a_dataset_removes_the_temp_files_of_killed_builds_of_that_path_only()
    {
        var dead = PidOfAFinishedProcess();
        var stale = Touch($".d.evopods.tmp-{dead}-0123abcd");
        var ours = Touch($".d.evopods.tmp-{Environment.ProcessId}-feedbeef");
        var otherPath = Touch($".other.evopods.tmp-{dead}-0123abcd");
        var notATemp = Touch($".d.evopods.tmp-notapid-1");
        var path = Path.Combine(_dir, "d.evopods");

        DatasetFile.Write(path, DatasetBuilderTests.Build(new DatasetSpec(4, DatasetVariant.Base, 0, 1.0, Seed: 1)));

        Assert.False(File.Exists(stale), "a killed build's temp file should be removed");
        Assert.True(File.Exists(ours), "a running writer's temp file must be kept");
        Assert.True(File.Exists(otherPath), "another dataset's temp files are not this write's business");
        Assert.True(File.Exists(notATemp));
        Assert.True(File.Exists(path));
    }

    [Fact]
    public void The_streaming_writer_removes_them_too_and_reports_nothing_when_there_are_none()
    {
        var stale = Touch($".s.evopods.tmp-{PidOfAFinishedProcess()}-0");
        var path = Path.Combine(_dir, "s.evopods");
        DatasetBuilder.BuildToFile(DatasetBuilderTests.Target, DatasetBuilderTests.Original, DatasetBuilderTests.TargetAgent,
            new DatasetSpec(3, DatasetVariant.Mixed, 0, 1.0, Seed: 2), path, chunkPairs: 2);
        Assert.False(File.Exists(stale));
        Assert.Empty(DatasetTempFiles.RemoveStale(path));
        Assert.Empty(Directory.GetFiles(_dir, ".*"));
    }
}
