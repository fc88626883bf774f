using Akka.Actor;

namespace EvoPo.Coordinator.Runs;

/// <summary>
/// What ends a session other than its run's own outcome: the run's actor stopped for good (its supervisor gave up), or
/// the node's actor system went away (the cluster downed this node, or it shut down). Either way the session must end
/// with the reason instead of waiting for an outcome that can no longer come.
/// </summary>
public static class RunWatch
{
    /// <summary>Completes with the reason once <paramref name="run"/> or its actor system is gone; cancelled with <paramref name="cancellation"/>.</summary>
    public static async Task<string> WhenGoneAsync(ActorSystem system, IActorRef run, CancellationToken cancellation)
    {
        var stopped = run.WatchAsync(cancellation);
        await Task.WhenAny(stopped, system.WhenTerminated.WaitAsync(cancellation)).ConfigureAwait(false);
        cancellation.ThrowIfCancellationRequested();
        // A terminating system stops its actors too: name the cause, not the symptom.
        return CoordinatedShutdown.Get(system).ShutdownReason switch
        {
            CoordinatedShutdown.ClusterDowningReason => "this node was downed by the cluster (unreachable for too long, or split off)",
            CoordinatedShutdown.ClusterLeavingReason => "this node left the cluster",
            null when !system.WhenTerminated.IsCompleted => "its SearchRun actor stopped",
            _ => "the node's actor system shut down",
        };
    }
}
