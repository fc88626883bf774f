using MessagePack;

namespace EvoPo.Messages.Work;

/// <summary>How every candidate of a unit is trained and evaluated; identical for all units of a run.</summary>
[MessagePackObject]
public sealed record TrainingPlan(
    [property: Key(0)] ArtifactRef Dataset,
    [property: Key(1)] ArtifactRef InitialAgent,
    [property: Key(2)] int Epochs,
    [property: Key(3)] int SftEpochs,
    [property: Key(4)] int MinibatchPairs,
    [property: Key(5)] double LearningRate,
    [property: Key(6)] double MaxGradNorm,
    [property: Key(7)] string EvaluationTask,
    [property: Key(8)] int EpisodeLength,
    [property: Key(9)] int EvaluationEpisodes,
    [property: Key(10)] ulong EvaluationSeed,
    [property: Key(11)] bool DeterministicEvaluation);
