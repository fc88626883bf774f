using Akka.Actor;
using Akka.Configuration;
using EvoPo.Coordinator.Hosting;
using EvoPo.Coordinator.Search;
using EvoPo.Messages.Search;
using EvoPo.Messages.Serialization;

namespace EvoPo.Coordinator.Runs;

/// <summary>
/// Reads runs from their journal in a throw-away local actor system (no cluster, no remoting) and never changes
/// the journal: what <c>evopo status</c>, <c>runs</c> and <c>report</c> show.
/// </summary>
public static class RunJournalReader
{
    /// <param name="fromFirstEvent">Replay every event, ignoring snapshots (slower; gives every generation's unit timings).</param>
    public static async Task<IReadOnlyList<RunReplay>> ReplayAsync(IReadOnlyList<RunFolder> folders, JournalOptions journal, bool fromFirstEvent,
        CancellationToken cancellation)
    {
        if (folders.Count == 0) return [];
        await JournalPreflight.CheckAsync(journal, cancellation);
        var config = ConfigurationFactory.ParseString(PersistenceHocon.For(journal))
            .WithFallback(ConfigurationFactory.ParseString(EvoPoSerializer.Hocon))
            .WithFallback(ConfigurationFactory.ParseString("akka.loglevel = WARNING\nakka.stdout-loglevel = WARNING"));
        using var system = ActorSystem.Create("evopo-read", config);
        try
        {
            var replays = new List<RunReplay>();
            // One run at a time: the embedded SQLite journal reads with parallelism 1 anyway.
            foreach (var folder in folders)
            {
                var answer = new TaskCompletionSource<RunReplay>(TaskCreationOptions.RunContinuationsAsynchronously);
                system.ActorOf(SearchRunView.Props(folder.RunId, created => SearchSession.PlanFor(folder, created), answer, fromFirstEvent));
                replays.Add(await answer.Task.WaitAsync(TimeSpan.FromMinutes(2), cancellation));
            }
            return replays;
        }
        finally
        {
            await system.Terminate();
        }
    }

    public static async Task<RunReplay> ReplayAsync(RunFolder folder, JournalOptions journal, bool fromFirstEvent, CancellationToken cancellation) =>
        (await ReplayAsync([folder], journal, fromFirstEvent, cancellation))[0];

    /// <summary>The journal's status, except that a run whose lock a live process holds is "running".</summary>
    public static RunStatus LiveStatus(RunFolder folder, RunReplay replay)
    {
        var status = replay.Status();
        return status.State is "stopped" or "unknown" && RunLock.IsHeld(folder.LockPath) ? status with { State = "running" } : status;
    }

    /// <summary>The embedded SQLite journal of the runs directory, or PostgreSQL when a connection string is given.</summary>
    public static JournalOptions JournalFor(string runsDirectory, string? postgres) =>
        postgres is { Length: > 0 } ? JournalOptions.Postgres(postgres) : JournalOptions.Sqlite(RunFolder.DatabasePathOf(runsDirectory));
}
