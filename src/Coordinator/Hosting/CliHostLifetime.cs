using Microsoft.Extensions.Hosting;

namespace EvoPo.Coordinator.Hosting;

/// <summary>
/// The node's host lifetime: signals are the CLI's (Program.cs turns SIGINT/SIGTERM into cancellation, and each
/// command stops in its own order: a worker leaves the cluster first, a search persists first). The default
/// console lifetime would also catch SIGTERM and stop the actor system underneath the command.
/// </summary>
public sealed class CliHostLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
