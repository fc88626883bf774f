using EvoPo.Messages.Work;
using EvoPo.Simulation.Normalization;
using EvoPo.Simulation.Policies;
using EvoPo.Simulation.Random;

namespace EvoPo.Coordinator.Pretrain;

/// <summary>
/// How a pretraining run's candidates become work units (pure): each candidate is a policy (its flat parameters), rolled
/// out without training. Randomness, under the run seed: episodes of generation g (seed, <see cref="EpisodeStream"/>, g),
/// shared by every candidate of the generation; the held-out final evaluation (seed, <see cref="FinalStream"/>); ES noise
/// and a fresh policy's initialization (seed, <see cref="InitStream"/>) as in <see cref="PretrainRun"/>.
/// </summary>
/// <param name="Template">The policy every candidate shares shape, std floor and distribution with (its parameters: the initial mean).</param>
/// <param name="Training">The evaluation settings of every unit; its InitialAgent is <paramref name="Template"/>, it has no dataset.</param>
public sealed record PretrainPlan(PretrainSettings Settings, bool NormalizeObservations, Agent Template, TrainingPlan Training)
{
    public const ulong InitStream = 2;
    public const ulong EpisodeStream = 3;
    public const ulong FinalStream = 4;

    /// <summary>The report's one entry: the ES mean after the last generation.</summary>
    public const string FinalMethod = "pretrained agent (ES mean)";

    private static readonly Dictionary<string, double> NoHyperparameters = [];

    /// <summary>
    /// Whether the run learns observation statistics from its rollouts: it normalizes, and its start agent brings no
    /// normalization of its own (one it brings stays frozen: its parameters were trained for it).
    /// </summary>
    public bool LearnsObservationStatistics => NormalizeObservations && Template.Normalizer is null;

    public static TrainingPlan CreateTrainingPlan(PretrainSettings settings, ArtifactRef template) => new(
        Dataset: new ArtifactRef("", ""),
        InitialAgent: template,
        Epochs: 0,
        SftEpochs: 0,
        MinibatchPairs: 0,
        LearningRate: 0,
        MaxGradNorm: 0,
        EvaluationTask: settings.Task,
        EpisodeLength: settings.EpisodeLength,
        EvaluationEpisodes: settings.Episodes,
        EvaluationSeed: 0,
        DeterministicEvaluation: settings.Deterministic);

    public static CandidateObjective Policy(double[] parameters) => new(PolicyRollout.ObjectiveName, NoHyperparameters, parameters);

    /// <summary>Generation g's evaluation: its own episodes, fitness shifted by the alive shift, observations recorded when normalizing.</summary>
    public (TrainingPlan Plan, PolicyRollout Rollout) Generation(int generation, ObservationNormalizer? normalizer) => (
        Training with { EvaluationSeed = CounterRng.Create(Settings.Seed, EpisodeStream, (ulong)generation).UInt64At(0) },
        Rollout(Settings.AliveShift, normalizer, LearnsObservationStatistics));

    /// <summary>The final evaluation of the trained agent: held-out episodes, true return, with the frozen normalization.</summary>
    public (TrainingPlan Plan, PolicyRollout Rollout) Final(ObservationNormalizer? normalizer) => (
        Training with { EvaluationEpisodes = Settings.FinalEpisodes, EvaluationSeed = CounterRng.Create(Settings.Seed, FinalStream).UInt64At(0) },
        Rollout(0, normalizer, record: false));

    private static PolicyRollout Rollout(double aliveShift, ObservationNormalizer? normalizer, bool record) =>
        new(aliveShift, normalizer?.Mean.ToArray(), normalizer?.Std.ToArray(), record);
}
