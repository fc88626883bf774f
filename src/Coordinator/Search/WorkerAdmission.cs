using EvoPo.Coordinator.Config;
using EvoPo.Messages.Cluster;

namespace EvoPo.Coordinator.Search;

/// <summary>Which workers of the pool a run gives slots to, whatever their health (pure).</summary>
public static class WorkerAdmission
{
    /// <summary>Why a run with <paramref name="work"/> gives <paramref name="worker"/> no slots at all, or null.</summary>
    /// <remarks>
    /// A simulated worker answers every unit with a made-up fitness after a fixed delay: a real search that took it would
    /// record fake results as if trained, so only a run that asks for it (benchmarks, cluster tests) takes it.
    /// </remarks>
    public static string? Refusal(NodeHello worker, WorkConfig work) =>
        worker.Simulated && !work.Simulated
            ? "it simulates units (--simulate-unit-seconds) and this run did not ask for simulated work (work.simulated: true)"
            : null;
}
