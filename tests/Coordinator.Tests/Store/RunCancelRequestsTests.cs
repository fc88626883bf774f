using EvoPo.Coordinator.Store;
using EvoPo.Coordinator.Tests.EndToEnd;

namespace EvoPo.Coordinator.Tests.Store;

/// <summary>Cancel requests between coordinators, on SQLite and on PostgreSQL: taken once, with the first reason.</summary>
public sealed class RunCancelRequestsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("evopo-cancels-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public Task A_request_is_taken_once_with_its_first_reason_on_sqlite() => TakenOnce(TestDatabases.Sqlite(_dir));

    [PostgresFact]
    public Task A_request_is_taken_once_with_its_first_reason_on_postgres() => TakenOnce(TestDatabases.Postgres());

    private static async Task TakenOnce(RunDatabase database)
    {
        var requests = new RunCancelRequests(database);
        var runId = TestDatabases.FreshRunId();
        Assert.Null(await requests.TakeAsync(runId, CancellationToken.None));

        await requests.RequestAsync(runId, "first", CancellationToken.None);
        await requests.RequestAsync(runId, "second", CancellationToken.None);
        Assert.Equal("first", await requests.TakeAsync(runId, CancellationToken.None));
        Assert.Null(await requests.TakeAsync(runId, CancellationToken.None));
    }
}
