using System.Text.Json.Serialization;
using EvoPo.Simulation.Policies;

namespace EvoPo.Simulation.Datasets;

/// <summary>
/// The header of a dataset file (stored as UTF-8 JSON); enough to tell datasets apart and to size the arrays.
/// <see cref="Distribution"/> is the policy distribution both agents share, which says what the stored actions are (raw
/// Gaussian samples, or pre-squash samples u); it is omitted when Gaussian, so files from before it existed read as
/// what they are and Gaussian datasets keep their bytes and hashes.
/// </summary>
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
    int MaxLength,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] PolicyDistribution Distribution = PolicyDistribution.Gaussian);
