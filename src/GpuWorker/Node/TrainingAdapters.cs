using EvoPo.GpuWorker.Objectives;
using EvoPo.GpuWorker.Training;
using EvoPo.Messages.Work;
using EvoPo.Simulation.Datasets;
using EvoPo.Simulation.Policies;

namespace EvoPo.GpuWorker.Node;

/// <summary>Maps the wire and simulation types onto the trainer's plain inputs.</summary>
public static class TrainingAdapters
{
    public static PolicySpec Policy(Agent agent) =>
        new(agent.Shape.ObsDim, agent.Shape.Hidden, agent.Shape.ActDim, agent.StdMin, agent.Distribution);

    public static PreferencePairs Pairs(PreferenceDataset dataset) =>
        new(Arrays(dataset.Chosen), Arrays(dataset.Rejected), dataset.Metadata.Distribution);

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

    private static TrajectoryArrays Arrays(TrajectoryBlock block) =>
        new(block.Count, block.MaxLength, block.ObsDim, block.ActDim, block.Observations, block.Actions, block.Lengths, block.BehaviourLogProbs);
}
