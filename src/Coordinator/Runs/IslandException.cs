using EvoPo.Coordinator.Cli;

namespace EvoPo.Coordinator.Runs;

/// <summary>
/// This coordinator founded a cluster apart from the one its seeds run (<see cref="Hosting.SeedWatch"/>). The session
/// starts its node again a few times; if that keeps happening, the message reaches the user like any other.
/// </summary>
public sealed class IslandException(string reason)
    : CliException($"{reason}; restart this coordinator: it resumes the run from its journal and joins the seeds' cluster")
{
    public string Reason { get; } = reason;
}
