namespace EvoPo.Coordinator.Tests.EndToEnd;

/// <summary>
/// The journal's database restarted in the middle of a search: the run restarts from what the journal holds, once the
/// database is back, and ends with the same meanDigest as a search never interrupted.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class JournalOutageTests(StraightRunFixture straight) : IClassFixture<StraightRunFixture>, IDisposable
{
    private static readonly TimeSpan Timeout = EvopoProcess.Timeout;
    private readonly string _dir = Directory.CreateTempSubdirectory("evopo-outage-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [PostgresServerFact]
    public void A_postgres_restart_mid_run_is_ridden_out_and_the_run_ends_with_the_same_digest()
    {
        using var postgres = TemporaryPostgres.Create();
        using var search = EvopoProcess.Start("search", "--config", SmallSearchConfig.WriteTo(_dir, StraightRunFixture.Generations),
            "--runs", Path.Combine(_dir, "runs"), "--postgres", postgres.ConnectionString, "--verbose");
        search.WaitForLine(l => l.Contains("of generation 1 done"), Timeout);

        postgres.Stop();
        // The next result cannot be stored: the run says so and restarts from its journal, again and again while it is down.
        search.WaitForLine(l => l.Contains("the journal did not store") && l.EndsWith("restarting it from its journal"), Timeout);
        postgres.Start();

        Assert.Equal(0, search.WaitForExit(Timeout));
        Assert.Equal(straight.Digest, EvopoProcess.DigestIn(search.Output));
    }
}
