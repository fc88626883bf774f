using System.CommandLine;
using EvoPo.Coordinator.Hosting;
using EvoPo.Coordinator.Runs;

namespace EvoPo.Coordinator.Cli;

/// <summary><c>evopo resume</c>: continue a run from its journal after Ctrl-C, a crash or SIGKILL.</summary>
public sealed class ResumeCommand : CliCommand
{
    private readonly Argument<string> _runId = CliOptions.RunId("the run to continue (its folder is DIR/<run-id>)");
    private readonly Option<string> _runs = CliOptions.Runs();
    private readonly Option<bool> _retry = CliOptions.Flag("--retry",
        "reopen a failed run (after fixing what failed it, e.g. a missing or corrupt dataset.evopods, start.agent.json or target.agent.json): " +
        "its missing units and its report are tried again");
    private readonly ClusterArgs _cluster = new();

    public ResumeCommand() : base("resume", "continue a stopped or killed search where its journal ends",
        "Units whose results are in the journal are not run again.",
        "evopo resume 20261123-101500-3fa2c1",
        "evopo resume 20261123-101500-3fa2c1 --retry")
    {
        Arguments.Add(_runId);
        CliOptions.Add(this, _runs, _retry);
        _cluster.AddCoordinatorTo(this);
    }

    protected override async Task<int> RunAsync(ParseResult parse, CancellationToken cancellation)
    {
        var runs = parse.GetRequiredValue(_runs);
        var cluster = _cluster.ReadCoordinator(parse, runs);
        var folder = RunLookup.Existing(runs, parse.GetRequiredValue(_runId));
        await using var http = Http.NodeHttpServer.StartIfRequested(ref cluster);
        using var console = ConsoleProgress.Stdout();
        var outcome = await SearchSession.DriveAsync(folder, create: null, cluster, console, Verbose(parse), cancellation, console.Update, parse.GetValue(_retry));
        return outcome.Succeeded ? 0 : CliApp.Failure;
    }
}
