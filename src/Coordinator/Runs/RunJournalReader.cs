using Akka.Actor;
using Akka.Configuration;
using Akka.Persistence.Query;
using Akka.Persistence.Sql.Query;
using Akka.Streams;
using Akka.Streams.Dsl;
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
        // A SQLite journal that is not there holds no runs; opening it would create it.
        if (!Exists(journal)) return folders.Select(f => new RunReplay(f.RunId, null, null)).ToArray();
        return await WithSystemAsync(journal, system => ReplayEachAsync(system, folders, fromFirstEvent, cancellation), cancellation);
    }

    /// <summary>
    /// Every run of a runs directory, by id: each folder with a config.yaml and every run the journal holds, whether or not
    /// its folder still has a config.yaml (or is here at all: a PostgreSQL journal also holds the runs of other machines).
    /// A run whose events cannot be read comes back with its <see cref="RunReplay.Error"/>, never hiding the others.
    /// </summary>
    public static async Task<IReadOnlyList<(RunFolder Folder, RunReplay Replay)>> ReplayAllAsync(string runsDirectory, JournalOptions journal,
        CancellationToken cancellation)
    {
        var ids = new SortedSet<string>(RunFolder.IdsWithConfigIn(runsDirectory), StringComparer.Ordinal);
        if (!Exists(journal)) return ids.Select(id => (new RunFolder(runsDirectory, id), new RunReplay(id, null, null))).ToArray();
        return await WithSystemAsync(journal, async system =>
        {
            ids.UnionWith(await JournaledRunIdsAsync(system, cancellation));
            var folders = ids.Select(id => new RunFolder(runsDirectory, id)).ToArray();
            return folders.Zip(await ReplayEachAsync(system, folders, fromFirstEvent: false, cancellation)).ToArray();
        }, cancellation);
    }

    public static async Task<RunReplay> ReplayAsync(RunFolder folder, JournalOptions journal, bool fromFirstEvent, CancellationToken cancellation) =>
        (await ReplayAsync([folder], journal, fromFirstEvent, cancellation))[0];

    /// <summary>
    /// The journal's status, except that a run is "running" whose lock a live process here holds (<c>evopo search</c>), or
    /// whose lease in the journal database is live (a coordinator on any machine drives it).
    /// </summary>
    /// <param name="leased">The runs with a live lease (<see cref="LeasedAsync"/>).</param>
    public static RunStatus LiveStatus(RunFolder folder, RunReplay replay, IReadOnlySet<string> leased)
    {
        var status = replay.Status();
        return status.State is "stopped" or "unknown" && (leased.Contains(folder.RunId) || RunLock.IsHeld(folder.LockPath))
            ? status with { State = "running" }
            : status;
    }

    /// <summary>The runs of the journal's database that a coordinator drives now (a live lease); reads only.</summary>
    public static Task<IReadOnlySet<string>> LeasedAsync(JournalOptions journal, CancellationToken cancellation) =>
        Store.RunLeases.LiveAsync(new Store.RunDatabase(journal), cancellation);

    /// <summary>The embedded SQLite journal of the runs directory, or PostgreSQL when a connection string is given.</summary>
    public static JournalOptions JournalFor(string runsDirectory, string? postgres) =>
        postgres is { Length: > 0 } ? JournalOptions.Postgres(postgres) : JournalOptions.Sqlite(RunFolder.DatabasePathOf(runsDirectory));

    /// <summary>False for a SQLite journal of which nothing is there (yet); anything else is checked by <see cref="JournalPreflight"/>.</summary>
    private static bool Exists(JournalOptions journal) =>
        !journal.IsSqlite || Path.Exists(new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(journal.ConnectionString).DataSource);

    private static async Task<T> WithSystemAsync<T>(JournalOptions journal, Func<ActorSystem, Task<T>> read, CancellationToken cancellation)
    {
        await JournalPreflight.CheckAsync(journal, cancellation);
        var config = ConfigurationFactory.ParseString(PersistenceHocon.For(journal) + "\n" + PersistenceHocon.QueryFor(journal))
            .WithFallback(ConfigurationFactory.ParseString(EvoPoSerializer.Hocon))
            .WithFallback(ConfigurationFactory.ParseString("akka.loglevel = WARNING\nakka.stdout-loglevel = WARNING"));
        using var system = ActorSystem.Create("evopo-read", config);
        try
        {
            return await read(system);
        }
        finally
        {
            await system.Terminate();
        }
    }

    private static async Task<IReadOnlyList<RunReplay>> ReplayEachAsync(ActorSystem system, IReadOnlyList<RunFolder> folders, bool fromFirstEvent,
        CancellationToken cancellation)
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

    /// <summary>Run ids with at least one event in the journal (their persistence ids, less the search prefix).</summary>
    private static async Task<IReadOnlyList<string>> JournaledRunIdsAsync(ActorSystem system, CancellationToken cancellation)
    {
        var prefix = SearchRunActor.PersistenceIdFor("");
        await JournalReady.WaitAsync(system, cancellation);
        var ids = await PersistenceQuery.Get(system).ReadJournalFor<SqlReadJournal>(SqlReadJournal.Identifier)
            .CurrentPersistenceIds()
            .RunWith(Sink.Seq<string>(), system.Materializer())
            .WaitAsync(cancellation);
        return ids.Where(id => id.StartsWith(prefix, StringComparison.Ordinal) && RunFolder.IsRunId(id[prefix.Length..]))
            .Select(id => id[prefix.Length..]).ToArray();
    }
}
