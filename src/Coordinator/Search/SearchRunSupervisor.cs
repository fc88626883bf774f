using Akka.Actor;
using Akka.Pattern;
using EvoPo.Messages.Search;

namespace EvoPo.Coordinator.Search;

/// <summary>
/// Akka's back-off supervisor around a <see cref="SearchRunActor"/>: whenever the run stops (the journal did not store an
/// event or could not be read) or throws, it is started again after a growing pause, recovers from its journal and goes
/// on by itself. After <see cref="SearchRunOptions.MaxRestarts"/> restarts in a row without one event stored in between
/// (a lasting outage) the supervisor stops too, which ends the session that watches it.
/// </summary>
public static class SearchRunSupervisor
{
    /// <summary>The name of the run actor under its supervisor.</summary>
    public const string ChildName = "run";

    public static Props Props(string runId, StartSearch start, Func<RunCreated, SearchPlan> planFor, IActorRef workers, IRunOutputs outputs,
        SearchRunOptions options)
    {
        // A thrown exception stops the run, so it restarts from its journal like any other stop: its in-memory state
        // (units in flight, the report task) is not worth keeping once something unexpected happened.
        var strategy = new OneForOneStrategy(options.MaxRestarts, Timeout.InfiniteTimeSpan, cause =>
        {
            outputs.Restarting(runId, $"{cause.GetType().Name}: {cause.Message}");
            return Directive.Stop;
        });
        var child = SearchRunActor.Props(runId, start, planFor, workers, outputs, options);
        return BackoffSupervisor.Props(
            Backoff.OnStop(child, ChildName, options.MinBackoff, options.MaxBackoff, randomFactor: 0.2, options.MaxRestarts)
                .WithSupervisorStrategy(strategy)
                .WithManualReset());
    }
}
