using Akka.Actor;
using EvoPo.Messages.Work;

namespace EvoPo.GpuWorker.Node;

/// <summary>Trains and evaluates the candidates of one unit; the entity actor only routes to it.</summary>
public interface IUnitRunner
{
    /// <param name="artifactSource">Node that sent the unit: it serves the unit's artifacts by content hash.</param>
    Task<UnitResult> RunAsync(WorkUnit unit, Address artifactSource, CancellationToken cancellation);
}
