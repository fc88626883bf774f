using EvoPo.Coordinator.Dashboard;

namespace EvoPo.Coordinator.Tests.Dashboard;

/// <summary>The dashboard's polling of runs whose journal events or files are damaged.</summary>
public sealed class DashboardStateTests : IDisposable
{
    private const string Broken = "20261123-060000-aaaaaa";
    private const string Healthy = "20261123-070000-bbbbbb";
    private readonly string _dir = Directory.CreateTempSubdirectory("evopo-dashboard-state-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task A_run_whose_events_cannot_be_read_is_shown_unreadable_and_the_runs_listed_after_it_still_are()
    {
        var source = new FakeRunSource();
        source.Append(Broken, RunEvents.Created(Broken), RunEvents.Generation(0, 40, 41, 39));
        source.Append(Healthy, RunEvents.Created(Healthy), RunEvents.Generation(0, 30, 31, 29));
        source.Corrupt(Broken, "malformed 'generation-completed' payload (4 bytes)");
        var state = new DashboardState(source);

        await state.PollAsync(CancellationToken.None);

        Assert.Null(state.Error);
        var runs = state.Runs().ToDictionary(r => r.RunId);
        Assert.Equal(2, runs.Count);
        Assert.Equal("unreadable", runs[Broken].State);
        Assert.Contains("malformed 'generation-completed' payload", state.Run(Broken)!.FailureReason);
        Assert.Equal(("stopped", 1), (runs[Healthy].State, runs[Healthy].Generation));
    }

    [Fact]
    public async Task A_run_read_again_once_its_events_read_is_no_longer_unreadable()
    {
        var source = new FakeRunSource();
        source.Append(Broken, RunEvents.Created(Broken));
        source.Corrupt(Broken, "database is locked");
        var state = new DashboardState(source);
        await state.PollAsync(CancellationToken.None);
        Assert.Equal("unreadable", state.Run(Broken)!.State);

        source.Corrupt(Broken, null);
        await state.PollAsync(CancellationToken.None);

        Assert.Equal("stopped", state.Run(Broken)!.State);
        Assert.Null(state.Run(Broken)!.FailureReason);
    }

    [Fact]
    public async Task A_damaged_best_json_is_named_with_the_run_and_the_fix_but_not_the_servers_path()
    {
        var source = new FakeRunSource();
        source.Append(Healthy, RunEvents.Created(Healthy), RunEvents.Generation(0, 30, 31, 29));
        var best = Path.Combine(_dir, "best.json");
        File.WriteAllText(best, """{ "format": "evopo-best", "version": 1, "objective": "mpo-1s", "mean": { "parameters": [0.5, 1e400] } }""");
        source.SetBestJson(Healthy, best);
        var state = new DashboardState(source);
        await state.PollAsync(CancellationToken.None);

        var error = await Assert.ThrowsAsync<LandscapeUnavailableException>(() => state.LandscapeAsync(Healthy, CancellationToken.None));

        Assert.Equal($"run {Healthy}: its best.json cannot be used: mean.parameters[1] is 1e400, not a finite number; " +
                     $"`evopo report {Healthy}` rewrites it from the journal", error.Message);
    }
}
