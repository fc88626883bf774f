using System.CommandLine;

namespace EvoPo.Coordinator.Cli;

/// <summary>Every <c>evopo</c> command, in the order <c>--help</c> lists them; multi-word commands are sub-commands of a group.</summary>
public static class Commands
{
    /// <summary>A fresh tree (System.CommandLine's symbols know their parents, so each <see cref="CliApp"/> gets its own).</summary>
    public static IReadOnlyList<Command> Create() =>
    [
        new SearchCommand(),
        new ResumeCommand(),
        new StatusCommand(),
        new ServeCommand(),
        new RunsCommand(),
        new ReportCommand(),
        new WorkerCommand(),
        new CoordinatorCommand(),
        new SubmitCommand(),
        new CancelCommand(),
        new PretrainCommand(),
        new DatasetCommand(),
        new EvaluateCommand(),
        new Command("objective", "an objective's loss and gradients per pair (eval), gradient landscape (plot), PyTorch/TRL file (export)")
        {
            new ObjectiveEvalCommand(),
            new ObjectivePlotCommand(),
            new ObjectiveExportCommand(),
        },
        new BaselinesCommand(),
        new ExperimentCommand(),
        new Command("bench", "benchmarks: train, sim, cluster, leverage, strategies (docs/benchmarks.md)")
        {
            new BenchTrainCommand(),
            new BenchSimCommand(),
            new BenchClusterCommand(),
            new BenchLeverageCommand(),
            new BenchStrategiesCommand(),
        },
    ];
}
