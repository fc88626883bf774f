using MessagePack;

namespace EvoPo.Messages.Work;

/// <summary>
/// A batch of K candidates trained together on one device, or with <paramref name="Rollout"/> K policies rolled out (pretraining),
/// or with <paramref name="DatasetChunk"/> a chunk of a preference dataset rolled out (no candidates; key appended with a default,
/// so a unit without it reads as before).
/// </summary>
[MessagePackObject]
public sealed record WorkUnit(
    [property: Key(0)] UnitId Id,
    [property: Key(1)] TrainingPlan Plan,
    [property: Key(2)] Candidate[] Candidates,
    [property: Key(3)] PolicyRollout? Rollout = null,
    [property: Key(4)] DatasetChunkWork? DatasetChunk = null) : IEvoPoMessage;
