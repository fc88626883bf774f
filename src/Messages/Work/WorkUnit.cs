using MessagePack;

namespace EvoPo.Messages.Work;

/// <summary>A batch of K candidates trained together on one device, or with <paramref name="Rollout"/> K policies rolled out (pretraining).</summary>
[MessagePackObject]
public sealed record WorkUnit(
    [property: Key(0)] UnitId Id,
    [property: Key(1)] TrainingPlan Plan,
    [property: Key(2)] Candidate[] Candidates,
    [property: Key(3)] PolicyRollout? Rollout = null) : IEvoPoMessage;
