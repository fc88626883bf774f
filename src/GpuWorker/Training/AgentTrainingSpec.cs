using EvoPo.GpuWorker.Objectives;

namespace EvoPo.GpuWorker.Training;

/// <summary>One candidate of a unit: its objective and the seed of its minibatch order (design.md: the unit carries the derived seed).</summary>
public sealed record AgentTrainingSpec(ObjectiveSpec Objective, ulong Seed);
