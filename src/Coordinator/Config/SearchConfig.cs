using EvoPo.Coordinator.Es;
using EvoPo.Coordinator.Search;
using EvoPo.GpuWorker.Objectives;

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
    public BaselinesConfig Baselines { get; init; } = new();
    public ExperimentConfig Experiment { get; init; } = new();

    /// <summary>Enabled: a pretraining run (ES over a policy's parameters); the section is left out of a search's canonical text.</summary>
    [OmitWhenDefault]
    public PretrainConfig Pretrain { get; init; } = new();

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
        Baselines.Validate();
        Experiment.Validate(Baselines);
        Pretrain.Validate();

        if (Training.MinibatchPairs > Dataset.Pairs)
            throw new ConfigException("training.minibatchPairs",
                $"must be ≤ dataset.pairs = {Dataset.Pairs}, got {Training.MinibatchPairs}");

        if (Training.SftEpochs >= Training.Epochs)
            throw new ConfigException("training.sftEpochs",
                $"must be < training.epochs = {Training.Epochs} (two-step objectives spend sftEpochs of the epochs on SFT), got {Training.SftEpochs}");

        if (Objective.Class == ObjectiveClass.TwoStep && Training.SftEpochs == 0)
            throw new ConfigException("training.sftEpochs",
                "must be ≥ 1 for objective.class 2s: 2S-MPO trains against the policy frozen after the SFT epochs");

        // The searched objective must be one the workers accept; refuse here, before any work is scheduled.
        var name = SearchPlan.ObjectiveName(Objective);
        var zero = SearchPlan.ZeroMean(this);
        try
        {
            ObjectiveCatalog.Validate(new ObjectiveSpec(name, SearchPlan.Hyperparameters(Objective), zero));
        }
        catch (ArgumentException ex)
        {
            throw new ConfigException("objective", $"does not make a valid {name} objective: {ex.Message}");
        }
        // A pretraining run's dimension is its policy's, checked when its start agent is known (PretrainRun).
        if (!Pretrain.Enabled) Es.ValidateFor(zero.Length);
        return this;
    }
}
