using Akka.Actor;
using Akka.Configuration;
using Akka.Persistence.Query;
using Akka.Persistence.Sql.Query;
using Akka.Streams;
using Akka.Streams.Dsl;
using EvoPo.Coordinator.Hosting;
using EvoPo.Coordinator.Runs;
using EvoPo.Coordinator.Search;
using EvoPo.Messages.Serialization;

namespace EvoPo.Coordinator.Dashboard;

/// <summary>
/// Runs of a runs directory, their events read with Akka.Persistence.Query from the journal (SQLite in the directory,
/// opened read-only, or PostgreSQL). It starts no persistent actor and never writes: no table creation, no lock file. A run
/// is running while a process holds its lock here or a coordinator anywhere its lease (<see cref="Store.RunLeases"/>).
/// </summary>
public sealed class JournalRunSource : IRunSource, IAsyncDisposable
{
    private readonly string _runsDirectory;
    private readonly string? _postgres;
    private ActorSystem? _system;
    private SqlReadJournal? _read;
    private IMaterializer? _materializer;
    private Store.RunDatabase? _database;
    private IReadOnlySet<string> _leased = new HashSet<string>();

    /// <param name="postgres">PostgreSQL connection string, or null for the SQLite journal in the runs directory.</param>
    public JournalRunSource(string runsDirectory, string? postgres)
    {
        _runsDirectory = Path.GetFullPath(runsDirectory);
        _postgres = postgres is { Length: > 0 } ? postgres : null;
    }

    /// <summary>The read journal, started once the journal exists (a SQLite journal appears with the directory's first search).</summary>
    private async Task<SqlReadJournal?> ReaderAsync(CancellationToken cancellation)
    {
        if (_read is not null) return _read;
        if (_system is null)
        {
            var sqlite = RunFolder.DatabasePathOf(_runsDirectory);
            var journal = _postgres is not null ? JournalOptions.Postgres(_postgres)
                // Mode=ReadOnly: the dashboard can neither create the file nor write to it.
                : File.Exists(sqlite) ? new JournalOptions(JournalOptions.SqliteProvider, $"Data Source={sqlite};Mode=ReadOnly;Pooling=True")
                : null;
            if (journal is null) return null;
            _database = new Store.RunDatabase(journal);
            var config = ConfigurationFactory.ParseString(Hocon(journal))
                .WithFallback(ConfigurationFactory.ParseString(EvoPoSerializer.Hocon))
                .WithFallback(ConfigurationFactory.ParseString("akka.loglevel = WARNING\nakka.stdout-loglevel = WARNING"));
            _system = ActorSystem.Create("evopo-dashboard", config);
            _materializer = _system.Materializer();
        }
        // One system whatever the number of attempts: a poll that failed here tries again with it.
        await JournalReady.WaitAsync(_system, cancellation);
        return _read = PersistenceQuery.Get(_system).ReadJournalFor<SqlReadJournal>(SqlReadJournal.Identifier);
    }

    public async Task<IReadOnlyList<string>> RunIdsAsync(CancellationToken cancellation)
    {
        var ids = new HashSet<string>(RunFolder.IdsWithConfigIn(_runsDirectory), StringComparer.Ordinal);
        if (await ReaderAsync(cancellation) is { } read)
        {
            var prefix = SearchRunActor.PersistenceIdFor("");
            var persisted = await read.CurrentPersistenceIds().RunWith(Sink.Seq<string>(), _materializer).WaitAsync(cancellation);
            foreach (var id in persisted)
                if (id.StartsWith(prefix, StringComparison.Ordinal)) ids.Add(id[prefix.Length..]);
            // Read once per poll: the runs a coordinator (on any machine) drives now. A read that fails (a SQLite journal
            // busy with a writer) keeps the last answer rather than failing the poll: the events above were read.
            try
            {
                _leased = await Store.RunLeases.LiveAsync(_database!, cancellation);
            }
            catch (System.Data.Common.DbException)
            {
            }
        }
        return ids.ToArray();
    }

    public async Task<IReadOnlyList<(long SequenceNr, object Event)>> EventsAsync(string runId, long afterSequenceNr, CancellationToken cancellation)
    {
        if (await ReaderAsync(cancellation) is not { } read) return [];
        var envelopes = await read
            .CurrentEventsByPersistenceId(SearchRunActor.PersistenceIdFor(runId), afterSequenceNr + 1, long.MaxValue)
            .RunWith(Sink.Seq<EventEnvelope>(), _materializer)
            .WaitAsync(cancellation);
        return envelopes.Select(e => (e.SequenceNr, e.Event)).ToArray();
    }

    public bool IsRunning(string runId)
    {
        if (_leased.Contains(runId)) return true;
        var folder = Folder(runId);
        return folder is not null && RunLock.IsHeld(folder.LockPath);
    }

    public string? BestJsonPath(string runId) => Folder(runId) is { } f && File.Exists(f.BestPath) ? f.BestPath : null;

    public string? StartAgentPath(string runId) => Folder(runId) is { } f && File.Exists(f.StartAgentPath) ? f.StartAgentPath : null;

    public async ValueTask DisposeAsync()
    {
        if (_system is not null) await _system.Terminate();
    }

    private RunFolder? Folder(string runId)
    {
        try
        {
            var folder = new RunFolder(_runsDirectory, runId);
            return folder.Exists ? folder : null;
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    /// <summary>The query plugin and, for its table settings, the journal plugin, with table creation off.</summary>
    private static string Hocon(JournalOptions journal) => $$"""
        akka.persistence.journal.sql {
          class = "Akka.Persistence.Sql.Journal.SqlWriteJournal, Akka.Persistence.Sql"
          connection-string = "{{PersistenceHocon.Quoted(journal.ConnectionString)}}"
          provider-name = "{{journal.ProviderName}}"
          auto-initialize = off
        }
        {{PersistenceHocon.QueryFor(journal)}}
        """;
}
