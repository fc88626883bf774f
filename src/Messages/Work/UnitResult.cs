using MessagePack;

namespace EvoPo.Messages.Work;

/// <summary>Fitness of each candidate of a unit, in candidate order; NaN marks a candidate whose training diverged.</summary>
/// <param name="DatasetChunk">The pairs a dataset unit (<see cref="WorkUnit.DatasetChunk"/>) built; its fitness is empty.</param>
/// <param name="Observations">Per candidate, the observation statistics of its rollouts, when the unit asked for them (<see cref="PolicyRollout.RecordObservations"/>).</param>
[MessagePackObject]
public sealed record UnitResult(
    [property: Key(0)] UnitId Id,
    [property: Key(1)] double[] Fitness,
    [property: Key(2)] double TrainSeconds,
    [property: Key(3)] double EvalSeconds,
    [property: Key(4)] string Worker,
    [property: Key(5)] ObservationMoments[]? Observations = null,
    [property: Key(6)] DatasetChunkData? DatasetChunk = null) : IEvoPoMessage;
