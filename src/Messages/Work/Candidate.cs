using MessagePack;

namespace EvoPo.Messages.Work;

/// <summary>One agent to train: the objective, its slot in the population, and the seed of its minibatch order.</summary>
[MessagePackObject]
public sealed record Candidate(
    [property: Key(0)] int Index,
    [property: Key(1)] CandidateObjective Objective,
    [property: Key(2)] ulong TrainingSeed);
