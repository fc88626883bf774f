using EvoPo.Coordinator.Es;

namespace EvoPo.Coordinator.Config;

/// <summary>
/// A whole search, as read from YAML by <see cref="SearchConfigLoader"/>. Every section and key has its default
/// here, so a missing section means "the defaults" and the quickstart file only restates them.
/// </summary>
public sealed record SearchConfig
{
    public RunConfig Run { get; init; } = new();
    public TaskConfig Task { get; init; } = new();
    public AgentsConfig Agents { get; init; } = new();
    public DatasetConfig Dataset { get; init; } = new();
    public ObjectiveConfig Objective { get; init; } = new();
    public TrainingConfig Training { get; init; } = new();
    public EvaluationConfig Evaluation { get; init; } = new();
    public EsConfig Es { get; init; } = new();
    public WorkConfig Work { get; init; } = new();
    public ReportConfig Report { get; init; } = new();

    public EsSettings ToEsSettings() => Es.ToEsSettings();

    /// <summary>Throws <see cref="ConfigException"/> for the first value out of range or combination not runnable.</summary>
    public SearchConfig Validate()
    {
        Run.Validate();
        Task.Validate();
        Agents.Validate();
        Dataset.Validate();
        Objective.Validate();
        Training.Validate();
        Evaluation.Validate();
        Es.Validate();
        Work.Validate();
        Report.Validate();

        if (Training.MinibatchPairs > Dataset.Pairs)
            throw new ConfigException("training.minibatchPairs",
                $"must be ≤ dataset.pairs = {Dataset.Pairs}, got {Training.MinibatchPairs}");

        if (Training.SftEpochs >= Training.Epochs)
            throw new ConfigException("training.sftEpochs",
                $"must be < training.epochs = {Training.Epochs} (two-step objectives spend sftEpochs of the epochs on SFT), got {Training.SftEpochs}");

        // The schema already describes the whole MPO family so configs need not change when more of it lands;
        // until then, refuse before any work is scheduled rather than fail inside a worker.
        if (Objective.Class != ObjectiveClass.OneStep)
            throw new ConfigException("objective.class",
                $"class {YamlNames.Of(Objective.Class)} is not available yet; only class 1s with learn [phi] is runnable in this version");
        if (Objective.Learn is not [LearnedFunction.Phi])
            throw new ConfigException("objective.learn",
                $"learn [{string.Join(", ", Objective.Learn.Select(YamlNames.Of))}] is not available yet; only class 1s with learn [phi] is runnable in this version");
        return this;
    }
}
