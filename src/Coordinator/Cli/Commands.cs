namespace EvoPo.Coordinator.Cli;

/// <summary>Every <c>evopo</c> command, in the order <c>--help</c> lists them.</summary>
public static class Commands
{
    public static IReadOnlyList<ICliCommand> All { get; } =
    [
        new SearchCommand(),
        new ResumeCommand(),
        new StatusCommand(),
        new ServeCommand(),
        new RunsCommand(),
        new ReportCommand(),
        new WorkerCommand(),
        new PretrainCommand(),
        new DatasetCommand(),
        new ObjectiveEvalCommand(),
        new ObjectivePlotCommand(),
        new ObjectiveExportCommand(),
        new BaselinesCommand(),
        new ExperimentCommand(),
        new BenchTrainCommand(),
        new BenchSimCommand(),
        new BenchClusterCommand(),
        new BenchLeverageCommand(),
        new BenchStrategiesCommand(),
    ];
}
