using EvoPo.Coordinator.Runs;
using EvoPo.Coordinator.Store;
using EvoPo.Coordinator.Tests.EndToEnd;

namespace EvoPo.Coordinator.Tests.Store;

/// <summary>A run folder copied into the run store and written back on another machine (another runs directory).</summary>
public sealed class RunFolderStoreTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("evopo-folder-store-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public Task A_folder_missing_on_another_machine_is_written_back_from_the_store_on_sqlite() => FolderIsWrittenBack(TestDatabases.Sqlite(_dir));

    [PostgresFact]
    public Task A_folder_missing_on_another_machine_is_written_back_from_the_store_on_postgres() => FolderIsWrittenBack(TestDatabases.Postgres());

    private async Task FolderIsWrittenBack(RunDatabase database)
    {
        var store = new RunFolderStore(new RunArtifactStore(database));
        var runId = TestDatabases.FreshRunId();
        var here = new RunFolder(Path.Combine(_dir, "a"), runId);
        here.Create();
        File.WriteAllText(here.ConfigPath, "es: { population: 8 }\n");
        File.WriteAllBytes(here.DatasetPath, [1, 2, 3, 0, 255]);
        File.WriteAllText(here.BestPath, "{}");
        File.WriteAllText(here.LockPath, "123\n");
        File.WriteAllText(here.BestPath + ".tmp", "half");
        File.WriteAllText(here.BestPath + JournaledFiles.InvalidSuffix, "old");

        Assert.Equal(3, await store.StoreAsync(here, names: null, CancellationToken.None));

        var there = new RunFolder(Path.Combine(_dir, "b"), runId);
        var plan = await store.MaterializeAsync(there, CancellationToken.None);
        Assert.Equal(["best.json", "config.yaml", "dataset.evopods"], plan.Write.Select(f => f.Name));
        Assert.Equal(["best.json", "config.yaml", "dataset.evopods"], Directory.GetFiles(there.Folder).Select(Path.GetFileName).Order());
        Assert.Equal(File.ReadAllBytes(here.DatasetPath), File.ReadAllBytes(there.DatasetPath));

        // An incomplete folder gets what it lacks; a file it holds with other content is named and kept.
        File.Delete(there.DatasetPath);
        File.WriteAllText(there.BestPath, "{\"edited\": true}");
        var again = await store.MaterializeAsync(there, CancellationToken.None);
        Assert.Equal(["dataset.evopods"], again.Write.Select(f => f.Name));
        Assert.Equal(["best.json"], again.Differing.Select(f => f.Name));
        Assert.Equal("{\"edited\": true}", File.ReadAllText(there.BestPath));
        Assert.Equal(File.ReadAllBytes(here.DatasetPath), File.ReadAllBytes(there.DatasetPath));
    }
}
