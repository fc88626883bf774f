using System.CommandLine;
using System.Text.Json;
using EvoPo.Coordinator.Runs;
using EvoPo.Coordinator.Search;

namespace EvoPo.Coordinator.Cli;

/// <summary><c>evopo report</c>: regenerates a run's <c>report.md</c> and plots from its journal (finished or not).</summary>
public sealed class ReportCommand : CliCommand
{
    private readonly Argument<string> _runId = CliOptions.RunId("the run (its folder is DIR/<run-id>)");
    private readonly Option<string> _runs = CliOptions.Runs();
    private readonly Option<string> _postgres = CliOptions.Postgres();
    private readonly Option<bool> _json = CliOptions.Json("print one JSON object (report path, images, state, what is missing) instead of lines");

    public ReportCommand() : base("report", "regenerate a run's report.md with its plots (fitness curve, gradient landscapes, time per generation)",
        """
        Works on a finished run and on an unfinished one (the report then says what is missing).
        A missing config.yaml and a missing or damaged best.json are rewritten from the journal (unless a process drives
        the run); a damaged best.json is kept as best.json.invalid.
        Writes DIR/<run-id>/report.md, fitness.png, time.png and landscape-*.png, and names the command that exports the
        discovered loss for PyTorch and TRL (evopo objective export).
        """,
        "evopo report 20261123-101500-3fa2c1")
    {
        Arguments.Add(_runId);
        CliOptions.Add(this, _runs, _postgres, _json);
    }

    protected override async Task<int> RunAsync(ParseResult parse, CancellationToken cancellation)
    {
        var runs = parse.GetRequiredValue(_runs);
        var postgres = CliOptions.PostgresOf(parse, _postgres);
        var json = parse.GetValue(_json);
        var runId = parse.GetRequiredValue(_runId);
        var folder = RunLookup.Existing(runs, runId);

        var replay = await RunJournalReader.ReplayAsync(folder, RunJournalReader.JournalFor(runs, postgres), fromFirstEvent: true, cancellation);
        if (replay.State is not { } state)
            throw new CliException($"cannot report run '{runId}': {replay.Status().FailureReason}");
        cancellation.ThrowIfCancellationRequested();
        if (state.Plan.Pretrain is not null)
            throw new CliException($"run {runId} is a pretraining run: it has no loss report; its result is {folder.PretrainedAgentPath} " +
                                   "(`evopo evaluate --agent FILE --task T` scores it)");
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
