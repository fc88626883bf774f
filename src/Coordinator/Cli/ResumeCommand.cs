using EvoPo.Coordinator.Hosting;
using EvoPo.Coordinator.Runs;

namespace EvoPo.Coordinator.Cli;

/// <summary><c>evopo resume</c>: continue a run from its journal after Ctrl-C, a crash or SIGKILL.</summary>
public sealed class ResumeCommand : ICliCommand
{
    public string Name => "resume";

    public string Summary => "continue a stopped or killed search where its journal ends";

    public string Usage => $"""
        usage: evopo resume <run-id> [--runs DIR] [--retry] [--verbose] [--role R] [cluster options]

          --runs DIR   runs directory (default: runs)
          --retry      reopen a failed run (after fixing what failed it, e.g. a missing or corrupt dataset.evopods,
                       start.agent.json or target.agent.json): its missing units and its report are tried again
          --verbose    also print a line per completed work unit
          --role R     both (default) | coordinator
        {ClusterArgs.Help}
        Units whose results are in the journal are not run again.

        example:
          evopo resume 20261123-101500-3fa2c1
          evopo resume 20261123-101500-3fa2c1 --retry
        """;

    public async Task<int> RunAsync(CliArgs args, CancellationToken cancellation)
    {
        var runs = args.Option("runs") ?? "runs";
        var verbose = args.Flag("verbose");
        var retry = args.Flag("retry");
        var roles = ClusterArgs.Roles(args);
        var cluster = ClusterArgs.Read(args, roles, JournalOptions.Sqlite(RunFolder.DatabasePathOf(runs)));
        var runId = args.Positional(0, "<run-id>");
        args.EnsureAllUsed(maxPositionals: 1);
        var folder = RunLookup.Existing(runs, runId);
        await using var http = Http.NodeHttpServer.StartIfRequested(ref cluster);
        using var console = ConsoleProgress.Stdout();
        var outcome = await SearchSession.DriveAsync(folder, create: null, cluster, console, verbose, cancellation, console.Update, retry);
        return outcome.Succeeded ? 0 : CliApp.Failure;
    }
}
