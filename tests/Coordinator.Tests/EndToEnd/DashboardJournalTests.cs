using EvoPo.Coordinator.Dashboard;

namespace EvoPo.Coordinator.Tests.EndToEnd;

/// <summary>The dashboard's reading of a real search's journal (SQLite and PostgreSQL), and proof that reading writes nothing.</summary>
[Collection(EndToEndCollection.Name)]
public sealed class DashboardJournalTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(5);
    private readonly string _dir = Directory.CreateTempSubdirectory("evopo-dashboard-journal-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task A_finished_search_reads_back_whole_and_its_runs_directory_is_left_unchanged()
    {
        var runs = Path.Combine(_dir, "runs");
        var runId = Search(runs);
        var before = FileDigests.Of(runs);

        await using (var source = new JournalRunSource(runs, postgres: null))
        {
            var state = new DashboardState(source);
            await state.PollAsync(CancellationToken.None);
            var view = state.Run(runId) ?? throw new InvalidOperationException($"run {runId} not read; error: {state.Error}");

            AssertFinishedSmallRun(view);
            var png = await state.LandscapeAsync(runId, CancellationToken.None);
            Assert.NotNull(png);
            Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], png![..4]);
        }

        Assert.Equal(before, FileDigests.Of(runs));
    }

    [PostgresFact]
    public async Task Runs_journaled_in_postgres_are_listed_and_read()
    {
        var postgres = PostgresFactAttribute.ConnectionString!;
        var runs = Path.Combine(_dir, "pg");
        var runId = Search(runs, "--postgres", postgres);

        await using var source = new JournalRunSource(Path.Combine(_dir, "elsewhere"), postgres);
        Assert.Contains(runId, await source.RunIdsAsync(CancellationToken.None));
        var state = new DashboardState(source);
        await state.PollAsync(CancellationToken.None);

        AssertFinishedSmallRun(state.Run(runId) ?? throw new InvalidOperationException($"run {runId} not read; error: {state.Error}"));
    }

    /// <summary>SmallSearchConfig: 3 generations of 8 candidates in 4 units of 2, one in-process worker.</summary>
    private static void AssertFinishedSmallRun(RunView view)
    {
        Assert.Equal("finished", view.State);
        Assert.Equal((3, 3, 4), (view.Generation, view.Generations, view.UnitsPerGeneration));
        Assert.Equal([0, 1, 2], view.History.Select(h => h.Generation));
        Assert.All(view.History, h => Assert.True(h.MaxFitness >= h.MeanFitness && h.MeanFitness >= h.MinFitness));
        var worker = Assert.Single(view.Workers);
        // 12 units of the search, and the report's (discovered objective and ORPO).
        Assert.True(worker.Units > 12, $"{worker.Units} units");
        Assert.True(worker.MeanUnitSeconds > 0);
    }

    private string Search(string runs, params string[] extra)
    {
        var (code, output) = EvopoProcess.Run(Timeout, ["search", "--config", SmallSearchConfig.WriteTo(_dir), "--runs", runs, .. extra]);
        Assert.True(code == 0, output);
        return EvopoProcess.RunIdIn(output);
    }
}
