using System.Text;
using EvoPo.Coordinator.Store;
using EvoPo.Coordinator.Tests.EndToEnd;

namespace EvoPo.Coordinator.Tests.Store;

/// <summary>The content-addressed run store, on SQLite and on PostgreSQL.</summary>
public sealed class RunArtifactStoreTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("evopo-store-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public Task Files_come_back_as_stored_and_one_content_is_one_blob_on_sqlite() => FilesComeBackAsStored(TestDatabases.Sqlite(_dir));

    [PostgresFact]
    public Task Files_come_back_as_stored_and_one_content_is_one_blob_on_postgres() => FilesComeBackAsStored(TestDatabases.Postgres());

    [Fact]
    public Task A_damaged_blob_is_refused_on_sqlite() => DamagedBlobIsRefused(TestDatabases.Sqlite(_dir));

    [PostgresFact]
    public Task A_damaged_blob_is_refused_on_postgres() => DamagedBlobIsRefused(TestDatabases.Postgres());

    [Fact]
    public async Task Listing_a_sqlite_journal_without_the_store_creates_nothing()
    {
        var database = TestDatabases.Sqlite(_dir);
        Assert.Empty(await new RunArtifactStore(database).ListAsync("r1", CancellationToken.None));
        Assert.False(File.Exists(Path.Combine(_dir, "evopo.db")));
    }

    private static async Task FilesComeBackAsStored(RunDatabase database)
    {
        var store = new RunArtifactStore(database);
        var (first, second) = (TestDatabases.FreshRunId(), TestDatabases.FreshRunId() + "b");
        var dataset = Encoding.UTF8.GetBytes("the same dataset " + first);

        var hash = await store.PutAsync(first, "dataset.evopods", dataset, CancellationToken.None);
        Assert.Equal(hash, await store.PutAsync(second, "dataset.evopods", dataset, CancellationToken.None));
        await store.PutAsync(first, "best.json", "{\"generation\": 1}"u8.ToArray(), CancellationToken.None);
        var best = await store.PutAsync(first, "best.json", "{\"generation\": 2}"u8.ToArray(), CancellationToken.None);

        var files = await store.ListAsync(first, CancellationToken.None);
        Assert.Equal([new StoredFile("best.json", best), new StoredFile("dataset.evopods", hash)], files);
        Assert.Equal(dataset, await store.ReadAsync(hash, CancellationToken.None));
        Assert.Equal("{\"generation\": 2}"u8.ToArray(), await store.ReadAsync(best, CancellationToken.None));
        Assert.Equal(1, await BlobCount(database, hash));
    }

    private static async Task DamagedBlobIsRefused(RunDatabase database)
    {
        var store = new RunArtifactStore(database);
        var hash = await store.PutAsync(TestDatabases.FreshRunId(), "config.yaml", Encoding.UTF8.GetBytes("es: {} # " + Guid.NewGuid()), CancellationToken.None);
        await using (var connection = await database.OpenAsync(CancellationToken.None))
            await RunDatabase.ExecuteAsync(connection, "UPDATE evopo_blobs SET content = @content WHERE hash = @hash", CancellationToken.None,
                ("@content", "garbage"u8.ToArray()), ("@hash", hash));

        var refused = await Assert.ThrowsAsync<InvalidDataException>(() => store.ReadAsync(hash, CancellationToken.None));
        Assert.StartsWith($"the run store's blob {hash} is damaged (its content hashes to ", refused.Message);
        Assert.Contains("no blob", (await Assert.ThrowsAsync<InvalidDataException>(() => store.ReadAsync(new string('0', 64), CancellationToken.None))).Message);
    }

    private static async Task<long> BlobCount(RunDatabase database, string hash)
    {
        await using var connection = await database.OpenAsync(CancellationToken.None);
        await using var command = RunDatabase.Command(connection, "SELECT COUNT(*) FROM evopo_blobs WHERE hash = @hash", ("@hash", hash));
        return Convert.ToInt64(await command.ExecuteScalarAsync());
    }
}
