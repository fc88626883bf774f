using EvoPo.Messages.Work;

namespace EvoPo.GpuWorker.Node;

/// <summary>Trains and evaluates the candidates of one unit; the entity actor only routes to it.</summary>
public interface IUnitRunner
{
    Task<UnitResult> RunAsync(WorkUnit unit, CancellationToken cancellation);
}
