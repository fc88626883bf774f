using EvoPo.Coordinator.Store;
using EvoPo.Coordinator.Tests.EndToEnd;

namespace EvoPo.Coordinator.Tests.Store;

/// <summary>Run leases in the journal database, on SQLite and on PostgreSQL: one holder at a time, taken over only once expired or let go.</summary>
public sealed class RunLeasesTests : IDisposable
{
    private static readonly TimeSpan Long = TimeSpan.FromMinutes(5);
    // Long enough to outlast the first statements of a cold connection pool while the suite starts (at 300 ms a second
    // holder once took a lease the first had just acquired, 5 s into a fresh-clone run).
    private static readonly TimeSpan Short = TimeSpan.FromSeconds(2);

    private readonly string _dir = Directory.CreateTempSubdirectory("evopo-leases-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public Task One_holder_at_a_time_until_the_lease_expires_on_sqlite() => OneHolderAtATime(TestDatabases.Sqlite(_dir));

    [PostgresFact]
    public Task One_holder_at_a_time_until_the_lease_expires_on_postgres() => OneHolderAtATime(TestDatabases.Postgres());

    [Fact]
    public Task A_released_lease_is_free_at_once_and_an_ended_run_is_forgotten_on_sqlite() => ReleasedAndEnded(TestDatabases.Sqlite(_dir));

    [PostgresFact]
    public Task A_released_lease_is_free_at_once_and_an_ended_run_is_forgotten_on_postgres() => ReleasedAndEnded(TestDatabases.Postgres());

    [Fact]
    public async Task Reading_the_live_leases_of_a_sqlite_journal_without_them_creates_nothing()
    {
        Assert.Empty(await RunLeases.LiveAsync(TestDatabases.Sqlite(_dir), CancellationToken.None));
        Assert.False(File.Exists(Path.Combine(_dir, "evopo.db")));
    }

    [PostgresFact]
    public async Task Two_coordinators_racing_for_one_run_get_it_once_on_postgres()
    {
        var database = TestDatabases.Postgres();
        var runId = TestDatabases.FreshRunId();
        var won = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => new RunLeases(database, $"holder-{i}").TryAcquireAsync(runId, Long, CancellationToken.None)));
        Assert.Single(won, w => w);
    }

    private static async Task OneHolderAtATime(RunDatabase database)
    {
        var (a, b) = (new RunLeases(database, "akka.tcp://evopo@10.0.0.1:4053#1"), new RunLeases(database, "akka.tcp://evopo@10.0.0.2:4053#1"));
        var runId = TestDatabases.FreshRunId();

        Assert.True(await a.TryAcquireAsync(runId, Short, CancellationToken.None));
        Assert.False(await b.TryAcquireAsync(runId, Long, CancellationToken.None));
        Assert.True(await a.TryAcquireAsync(runId, Short, CancellationToken.None));
        Assert.Contains(runId, await RunLeases.LiveAsync(database, CancellationToken.None));
        Assert.DoesNotContain(runId, await a.ExpiredAsync(CancellationToken.None));

        // A holder that stops renewing (it died) loses the run to the next one, and cannot take it back.
        await Task.Delay(Short * 2);
        Assert.DoesNotContain(runId, await RunLeases.LiveAsync(database, CancellationToken.None));
        Assert.Contains(runId, await b.ExpiredAsync(CancellationToken.None));
        Assert.True(await b.TryAcquireAsync(runId, Long, CancellationToken.None));
        Assert.False(await a.TryAcquireAsync(runId, Short, CancellationToken.None));
        Assert.Contains(runId, await RunLeases.LiveAsync(database, CancellationToken.None));
    }

    private static async Task ReleasedAndEnded(RunDatabase database)
    {
        var (a, b) = (new RunLeases(database, "a#1"), new RunLeases(database, "b#2"));
        var runId = TestDatabases.FreshRunId();
        Assert.True(await a.TryAcquireAsync(runId, Long, CancellationToken.None));

        // Only the holder lets go; then anyone may take it at once, and it is listed as nobody's.
        await b.ReleaseAsync(runId, CancellationToken.None);
        Assert.Contains(runId, await RunLeases.LiveAsync(database, CancellationToken.None));
        await a.ReleaseAsync(runId, CancellationToken.None);
        Assert.Contains(runId, await b.ExpiredAsync(CancellationToken.None));
        Assert.True(await b.TryAcquireAsync(runId, Long, CancellationToken.None));

        // A run that ended has no lease row left: nobody is to take it over.
        await b.EndAsync(runId, CancellationToken.None);
        Assert.DoesNotContain(runId, await a.ExpiredAsync(CancellationToken.None));
        Assert.DoesNotContain(runId, await RunLeases.LiveAsync(database, CancellationToken.None));
    }
}
