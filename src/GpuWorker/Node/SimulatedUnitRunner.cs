using Akka.Actor;
using EvoPo.Messages.Work;

namespace EvoPo.GpuWorker.Node;

/// <summary>
/// A stand-in worker for measuring the cluster itself (<c>evopo bench cluster</c>, balance tests): every unit
/// takes a fixed time and its fitness is a cheap deterministic function of the candidate (−Σ (θ − 0.1)²,
/// or the candidate index for objectives without parameters), so results do not depend on which worker ran it.
/// </summary>
public sealed class SimulatedUnitRunner(TimeSpan unitDuration, string workerName, int capacity = 1) : IUnitRunner
{
    private readonly SemaphoreSlim _slots = new(capacity, capacity);

    public async Task<UnitResult> RunAsync(WorkUnit unit, Address artifactSource, CancellationToken cancellation)
    {
        await _slots.WaitAsync(cancellation);
        try
        {
            await Task.Delay(unitDuration, cancellation);
        }
        finally
        {
            _slots.Release();
        }
        var fitness = unit.Candidates
            .Select(c => c.Objective.Parameters is { } p ? -p.Sum(x => (x - 0.1) * (x - 0.1)) : c.Index)
            .ToArray();
        return new UnitResult(unit.Id, fitness, unitDuration.TotalSeconds, 0, workerName);
    }
}
