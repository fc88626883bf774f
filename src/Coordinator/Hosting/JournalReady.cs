using Akka.Actor;
using Akka.Persistence;

namespace EvoPo.Coordinator.Hosting;

/// <summary>
/// Waits until the SQL journal plugin has started. Akka.Persistence.Sql's read journal blocks for at most 5 s on that when
/// it is created, which a loaded machine exceeds while it loads linq2db ("Timeout after 5.00 seconds"); asking the journal
/// first, with a recovery's patience, leaves that wait nothing to wait for. The question asked only reads.
/// </summary>
public static class JournalReady
{
    private const string JournalPlugin = "akka.persistence.journal.sql";

    public static Task WaitAsync(ActorSystem system, CancellationToken cancellation) =>
        Persistence.Instance.Apply(system).JournalFor(JournalPlugin)
            // A replay of a persistence id no run has: answered (RecoverySuccess) once the journal is up, and it reads nothing.
            .Ask<object>(replyTo => new ReplayMessages(0, 0, 0, "evopo-journal-ready", replyTo), TimeSpan.FromMinutes(2), cancellation);
}
