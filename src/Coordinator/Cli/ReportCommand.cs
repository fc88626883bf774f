using System.Text.Json;
using EvoPo.Coordinator.Runs;
using EvoPo.Coordinator.Search;

namespace EvoPo.Coordinator.Cli;

/// <summary><c>evopo report</c>: regenerates a run's <c>report.md</c> and plots from its journal (finished or not).</summary>
public sealed class ReportCommand : ICliCommand
{
    public string Name => "report";

    public string Summary => "regenerate a run's report.md with its plots (fitness curve, gradient landscapes, time per generation)";

    public string Usage => """
        usage: evopo report <run-id> [--runs DIR] [--postgres CS] [--json]

          --runs DIR     runs directory (default: runs)
          --postgres CS  read the journal from PostgreSQL (env EVOPO_POSTGRES) instead of DIR/evopo.db
          --json         print one JSON object (report path, images, state, what is missing) instead of lines

        Works on a finished run and on an unfinished one (the report then says what is missing).
        A missing config.yaml and a missing or damaged best.json are rewritten from the journal (unless a process drives
        the run); a damaged best.json is kept as best.json.invalid.
                Writes DIR/<run-id>/report.md, fitness.png, time.png and landscape-*.png, and names the command that exports the
        discovered loss for PyTorch and TRL (evopo objective export).

        example:
          evopo report 20261123-101500-3fa2c1
        """;

    public async Task<int> RunAsync(CliArgs args, CancellationToken cancellation)
    {
        var runs = args.Option("runs") ?? "runs";
        var postgres = args.Option("postgres") ?? Environment.GetEnvironmentVariable("EVOPO_POSTGRES");
        var json = args.Flag("json");
        var runId = args.Positional(0, "<run-id>");
        args.EnsureAllUsed(maxPositionals: 1);
        var folder = RunLookup.Existing(runs, runId);

        var replay = await RunJournalReader.ReplayAsync(folder, RunJournalReader.JournalFor(runs, postgres), fromFirstEvent: true, cancellation);
        if (replay.State is not { } state)
            throw new CliException($"cannot report run '{runId}': {replay.Status().FailureReason}");
        cancellation.ThrowIfCancellationRequested();
        var status = RunJournalReader.LiveStatus(folder, replay);
        var log = json ? Console.Error : Console.Out;
        if (status.State != "running") JournaledFiles.Restore(folder, state, log);
        else if (JournaledFiles.BestJsonProblem(folder, state) is { } problem) log.WriteLine($"{problem}; the process driving the run rewrites it at its next generation");
        var images = RunReport.Write(state, folder, DateTime.UtcNow, log);
        var missing = ReportWriter.Missing(state, ReportWriter.Methods(state));
        var files = new[] { images.FitnessCurve, images.TimeBreakdown }.Concat(images.Landscapes.Select(l => l.File))
            .OfType<string>().Select(f => Path.Combine(folder.Folder, f)).ToArray();
        if (json)
        {
            Console.WriteLine(JsonSerializer.Serialize(new
            {
                runId,
                state = status.State,
                report = folder.ReportPath,
                images = files,
                complete = missing is null,
                missing,
                export = ReportWriter.ExportCommand(RunReport.TypedPath(folder.BestPath)),
            }));
        }
        else
        {
            Console.WriteLine($"wrote {folder.ReportPath} ({status.State}, {state.History.Count}/{state.Plan.Generations} generations)");
            foreach (var file in files) Console.WriteLine($"  {file}");
            if (missing is not null) Console.WriteLine($"unfinished: {missing}");
            Console.WriteLine($"export the discovered loss for PyTorch and TRL: {ReportWriter.ExportCommand(RunReport.TypedPath(folder.BestPath))}");
        }
        return 0;
    }
}
