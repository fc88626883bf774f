using System.Diagnostics;
using EvoPo.Messages.Work;
using EvoPo.Simulation.Datasets;
using EvoPo.Simulation.Policies;
using EvoPo.Simulation.Tasks;

namespace EvoPo.GpuWorker.Node;

/// <summary>
/// A dataset unit (<see cref="WorkUnit.DatasetChunk"/>): rolls out the unit's pairs with the two agents
/// (<see cref="DatasetBuilder.BuildChunk(TaskDescriptor, Agent, Agent, DatasetSpec, int, int)"/>) and answers them. The
/// pairs depend only on the agents, the spec and their indices, so any worker builds the same bytes.
/// </summary>
public static class DatasetChunkUnit
{
    public static UnitResult Run(WorkUnit unit, Agent original, Agent target, string worker)
    {
        var work = unit.DatasetChunk ?? throw new ArgumentException($"unit {unit.Id} is not a dataset unit", nameof(unit));
        var spec = DatasetChunkWire.SpecOf(work);
        var task = BuiltInTasks.Get(work.Task, work.EpisodeLength);
        foreach (var (agent, role) in new[] { (original, "original"), (target, "target") })
            if ((agent.Shape.ObsDim, agent.Shape.ActDim) != (task.ObsDim, task.ActDim))
                throw new ArgumentException($"unit {unit.Id}: the {role} agent {agent.Shape} does not fit task {work.Task} (obs {task.ObsDim}, act {task.ActDim})");
        var clock = Stopwatch.StartNew();
        var chunk = DatasetBuilder.BuildChunk(task, original, target, spec, work.FirstPair, work.Pairs);
        return new UnitResult(unit.Id, [], 0, clock.Elapsed.TotalSeconds, worker, DatasetChunk: DatasetChunkWire.ToData(chunk));
    }
}
