using Akka.Actor;
using EvoPo.Coordinator.Cli;
using EvoPo.Coordinator.Hosting;
using EvoPo.Coordinator.Runs;
using EvoPo.Coordinator.Tests.Search;

namespace EvoPo.Coordinator.Tests.Runs;

/// <summary>
/// A session on a coordinator-only node (no worker: the run waits for one forever) ends with the reason, instead of
/// hanging, when its run's actor stops for good or the node's actor system goes away under it.
/// </summary>
public sealed class SearchSessionTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private readonly string _dir = Directory.CreateTempSubdirectory("evopo-session-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData("system", "the node's actor system shut down")]
    [InlineData("actor", "its SearchRun actor stopped")]
    public async Task A_session_whose_node_or_run_actor_goes_away_ends_with_the_reason(string what, string reason)
    {
        var folder = new RunFolder(Path.Combine(_dir, "runs"), "waiting");
        folder.Create();
        await using var node = await EvoPoNode.StartAsync(
            new NodeOptions { Journal = JournalOptions.Sqlite(folder.DatabasePath), Roles = [NodeRoles.Coordinator] }, CancellationToken.None);
        var created = SearchFixtures.Created(SearchFixtures.Config()) with { RunId = folder.RunId };
        var session = SearchSession.RunOnAsync(node, folder, created, new RunFolderOutputs(folder, TextWriter.Null, verbose: false),
            TextWriter.Null, CancellationToken.None);
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.False(session.IsCompleted);

        if (what == "system") await node.System.Terminate();
        else node.System.ActorSelection("/user/search-" + folder.RunId).Tell(PoisonPill.Instance);

        var e = await Assert.ThrowsAsync<CliException>(() => session.WaitAsync(Patience));
        Assert.Equal($"run waiting stopped: {reason}; nothing journaled is lost: continue with `evopo resume waiting --runs {folder.RunsDirectory}`",
            e.Message);
    }
}
