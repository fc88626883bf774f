namespace EvoPo.Simulation.Datasets;

/// <summary>The header of a dataset file (stored as UTF-8 JSON); enough to tell datasets apart and to size the arrays.</summary>
public sealed record DatasetMetadata(
    string Task,
    DatasetVariant Variant,
    double NoiseEpsilon,
    double JudgeTemperature,
    ulong Seed,
    int Pairs,
    bool StochasticRollouts,
    string OriginalAgentHash,
    string TargetAgentHash,
    int ObsDim,
    int ActDim,
    int MaxLength);
