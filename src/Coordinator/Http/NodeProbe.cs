using Akka.Actor;
using Akka.Cluster;
using EvoPo.Coordinator.Cli;
using EvoPo.Coordinator.Hosting;

namespace EvoPo.Coordinator.Http;

/// <summary>
/// What <c>/readyz</c> asks: is this process's node a live cluster member, and can it do its job? A worker is
/// ready once its shard region is registered (it then gets units); a coordinator once its journal answers.
/// The node reports to it as it starts and stops; between nodes (a coordinator holding after its run ended)
/// the process is alive but not ready.
/// </summary>
public sealed class NodeProbe
{
    private static readonly TimeSpan JournalCheckEvery = TimeSpan.FromSeconds(5);

    private readonly SemaphoreSlim _journalCheck = new(1, 1);
    private volatile NodeOptions? _options;
    private volatile ActorSystem? _system;
    private volatile bool _regionRegistered;
    private (DateTime At, string? Problem) _lastJournalCheck = (DateTime.MinValue, null);

    /// <summary>The device and roles of the last node attached, for the metrics' <c>evopo_device_info</c>.</summary>
    public NodeOptions? Options => _options;

    public void Attach(NodeOptions options, ActorSystem system)
    {
        _options = options;
        _regionRegistered = false;
        _system = system;
    }

    public void RegionRegistered() => _regionRegistered = true;

    public void Detach() => _system = null;

    /// <summary>Null when ready, otherwise why not.</summary>
    public async Task<string?> NotReadyReasonAsync(CancellationToken cancellation)
    {
        if (_system is not { } system || _options is not { } options) return "no cluster node running in this process";
        if (system.WhenTerminated.IsCompleted) return "the actor system has stopped";
        var status = Cluster.Get(system).SelfMember.Status;
        if (status is not (MemberStatus.Up or MemberStatus.WeaklyUp))
            return status == MemberStatus.Removed ? "not a cluster member (joining the seeds, or left)" : $"cluster member status is {status}";
        if (options.IsWorker && !_regionRegistered) return "the work-unit shard region is not registered yet";
        if (options.IsCoordinator && options.Journal is { } journal) return await JournalProblemAsync(journal, cancellation);
        return null;
    }

    /// <summary>Opens the journal's database at most every few seconds (probes come every few seconds from each prober).</summary>
    private async Task<string?> JournalProblemAsync(JournalOptions journal, CancellationToken cancellation)
    {
        await _journalCheck.WaitAsync(cancellation);
        try
        {
            if (DateTime.UtcNow - _lastJournalCheck.At < JournalCheckEvery) return _lastJournalCheck.Problem;
            string? problem = null;
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
            timeout.CancelAfter(TimeSpan.FromSeconds(3));
            try
            {
                await JournalPreflight.CheckAsync(journal, timeout.Token);
            }
            catch (CliException e)
            {
                problem = e.Message;
            }
            catch (OperationCanceledException) when (!cancellation.IsCancellationRequested)
            {
                problem = "the journal did not answer within 3 s";
            }
            _lastJournalCheck = (DateTime.UtcNow, problem);
            return problem;
        }
        finally
        {
            _journalCheck.Release();
        }
    }
}
