using EvoPo.GpuWorker.Node;
using EvoPo.Messages.Work;
using EvoPo.Simulation.Datasets;
using EvoPo.Simulation.Tasks;

namespace EvoPo.Coordinator.Datasets;

/// <summary>
/// How a dataset build is cut into work units (pure). A unit's answer carries its pairs' trajectories, so its size is set
/// by what one pair weighs (<see cref="DatasetChunk.BytesPerPair"/>: 2 × T × (obs + act + 1) floats): as many pairs as fit
/// in <see cref="ResultBudgetBytes"/>, at least 1 and at most <see cref="DatasetBuilder.DefaultChunkPairs"/>. A result is
/// then at most max(4 MiB, one pair) plus an envelope of a few hundred bytes, a quarter of remoting's 16 MiB
/// <c>maximum-frame-size</c> (EvoPoNode); a task whose single pair exceeds <see cref="MaxPairBytes"/> is refused, since its
/// answer could not leave the worker. TLA at T = 1000 (obs 27, act 8): 288 KB a pair, 14 pairs a unit (4.0 MB); the
/// built-in crawler-3leg at T = 100: 11.2 KB a pair, 64 pairs a unit (0.7 MB).
/// </summary>
public static class DatasetUnits
{
    public const long ResultBudgetBytes = 4L << 20;

    /// <summary>One pair above this (12 MiB) would leave too little of the 16 MiB frame for the envelope and the serializer's slack.</summary>
    public const long MaxPairBytes = 12L << 20;

    /// <summary>Pairs per unit for the task, or null when one pair is too large to travel (<see cref="MaxPairBytes"/>).</summary>
    public static int? PairsPerUnit(TaskDescriptor task)
    {
        var perPair = DatasetChunk.BytesPerPair(task.EpisodeLength, task.ObsDim, task.ActDim);
        if (perPair > MaxPairBytes) return null;
        return (int)Math.Clamp(ResultBudgetBytes / perPair, 1, DatasetBuilder.DefaultChunkPairs);
    }

    /// <summary>
    /// The units of a build: unit i holds pairs i·n .. min((i+1)·n, P) − 1, identified (build id, 0, i). The plan trains
    /// nothing; it names the task for the worker's log and metrics.
    /// </summary>
    public static IReadOnlyList<WorkUnit> Cut(string buildId, TaskDescriptor task, DatasetSpec spec, ArtifactRef original, ArtifactRef target, int pairsPerUnit)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(pairsPerUnit);
        var plan = new TrainingPlan(new ArtifactRef("", ""), original, 0, 0, 0, 0, 0, task.Name, task.EpisodeLength, 0, 0, false);
        var units = new List<WorkUnit>();
        for (var (first, index) = (0, 0); first < spec.Pairs; first += pairsPerUnit, index++)
        {
            var pairs = Math.Min(pairsPerUnit, spec.Pairs - first);
            var work = DatasetChunkWire.ToWork(original, target, task.Name, task.EpisodeLength, spec, first, pairs);
            units.Add(new WorkUnit(new UnitId(buildId, 0, index), plan, [], DatasetChunk: work));
        }
        return units;
    }
}
