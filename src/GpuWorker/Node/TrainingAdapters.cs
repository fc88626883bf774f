using EvoPo.GpuWorker.Objectives;
using EvoPo.GpuWorker.Training;
using EvoPo.Messages.Work;
using EvoPo.Simulation.Datasets;
using EvoPo.Simulation.Normalization;
using EvoPo.Simulation.Policies;

namespace EvoPo.GpuWorker.Node;

/// <summary>Maps the wire and simulation types onto the trainer's plain inputs.</summary>
public static class TrainingAdapters
{
    public static PolicySpec Policy(Agent agent) =>
        new(agent.Shape.ObsDim, agent.Shape.Hidden, agent.Shape.ActDim, agent.StdMin, agent.Distribution);

    /// <summary>
    /// The dataset's trajectories as the trained policy's network sees them: with the start agent's frozen
    /// <paramref name="normalizer"/> the observations are normalized once here (the dataset keeps raw ones), so the
    /// trainer's log-probs are those of the agent's policy on the raw observations.
    /// </summary>
    public static PreferencePairs Pairs(PreferenceDataset dataset, ObservationNormalizer? normalizer) =>
        new(Arrays(dataset.Chosen, normalizer), Arrays(dataset.Rejected, normalizer), dataset.Metadata.Distribution);

    /// <summary>
    /// One-step objectives train <see cref="TrainingPlan.Epochs"/> epochs; two-step ones spend
    /// <see cref="TrainingPlan.SftEpochs"/> of those on SFT and the rest on their loss, so every method gets the
    /// same number of passes over the data.
    /// </summary>
    public static TrainingSettings Settings(TrainingPlan plan, string device) => new(
        Epochs: plan.Epochs,
        SftEpochs: plan.SftEpochs,
        TwoStepEpochs: plan.Epochs - plan.SftEpochs,
        MinibatchPairs: plan.MinibatchPairs,
        LearningRate: plan.LearningRate,
        MaxGradNorm: plan.MaxGradNorm,
        Device: device);

    public static AgentTrainingSpec Agent(Candidate candidate) => new(
        new ObjectiveSpec(candidate.Objective.Name, candidate.Objective.Hyperparameters, candidate.Objective.Parameters),
        candidate.TrainingSeed);

    private static TrajectoryArrays Arrays(TrajectoryBlock block, ObservationNormalizer? normalizer)
    {
        var observations = block.Observations;
        if (normalizer is not null)
        {
            if (normalizer.Dimension != block.ObsDim)
                throw new ArgumentException($"the agent normalizes {normalizer.Dimension} observation dimensions, the dataset has {block.ObsDim}");
            observations = new float[block.Observations.Length];
            normalizer.Apply(block.Observations, block.Observations.Length / block.ObsDim, observations);
        }
        return new(block.Count, block.MaxLength, block.ObsDim, block.ActDim, observations, block.Actions, block.Lengths, block.BehaviourLogProbs);
    }
}
