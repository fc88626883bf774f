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
    private readonly ClusterClientArgs _cluster = new();

    public ReportCommand() : base("report", "regenerate a run's report.md with its plots (fitness curve, gradient landscapes, time per generation)",
        """
        Works on a finished run and on an unfinished one (the report then says what is missing).
        A missing config.yaml and a missing or damaged best.json are rewritten from the journal (unless a process drives
        the run); a damaged best.json is kept as best.json.invalid.
        Writes DIR/<run-id>/report.md, fitness.png, time.png and landscape-*.png, and names the command that exports the
        discovered loss for PyTorch and TRL (evopo objective export).
        """,
        "evopo report 20261123-101500-3fa2c1",
        "evopo report 20261123-101500-3fa2c1 --cluster http://coordinator:8080")
    {
        Arguments.Add(_runId);
        CliOptions.Add(this, _runs, _postgres, _json);
        _cluster.AddTo(this);
    }

    protected override async Task<int> RunAsync(ParseResult parse, CancellationToken cancellation)
    {
        var runs = parse.GetRequiredValue(_runs);
        var json = parse.GetValue(_json);
        var runId = parse.GetRequiredValue(_runId);
        if (_cluster.Read(parse) is { } cluster)
        {
            // The coordinator writes the report in its run folder; report.md comes here, into DIR/<run-id>.
            var download = await cluster.ReportAsync(runId, cancellation);
            var local = new RunFolder(runs, runId);
            Directory.CreateDirectory(local.Folder);
            await File.WriteAllTextAsync(local.ReportPath, download.Markdown, cancellation);
            Print(download.Summary with { Report = local.ReportPath, Images = download.Summary.Images.Select(i => $"{i} (on the coordinator)").ToArray() }, json);
            return 0;
        }
        var folder = RunLookup.Existing(runs, runId);
        var journal = RunJournalReader.JournalFor(runs, CliOptions.PostgresOf(parse, _postgres));
        Print(await WriteAsync(folder, journal, json ? Console.Error : Console.Out, cancellation), json);
        return 0;
    }

    /// <summary>Writes the run's report.md and plots from its journal; <paramref name="log"/> takes what it restores or redraws.</summary>
    public static async Task<ReportSummary> WriteAsync(RunFolder folder, Hosting.JournalOptions journal, TextWriter log, CancellationToken cancellation)
    {
        var replay = await RunJournalReader.ReplayAsync(folder, journal, fromFirstEvent: true, cancellation);
        if (replay.State is not { } state)
            throw new CliException($"cannot report run '{folder.RunId}': {replay.Status().FailureReason}");
        cancellation.ThrowIfCancellationRequested();
        if (state.Plan.Pretrain is not null)
            throw new CliException($"run {folder.RunId} is a pretraining run: it has no loss report; its result is {folder.PretrainedAgentPath} " +
                                   "(`evopo evaluate --agent FILE --task T` scores it)");
        var status = RunJournalReader.LiveStatus(folder, replay, await RunJournalReader.LeasedAsync(journal, cancellation));
        if (status.State != "running") JournaledFiles.Restore(folder, state, log);
        else if (JournaledFiles.BestJsonProblem(folder, state) is { } problem) log.WriteLine($"{problem}; the process driving the run rewrites it at its next generation");
        var images = RunReport.Write(state, folder, DateTime.UtcNow, log);
        var missing = ReportWriter.Missing(state, ReportWriter.Methods(state));
        var files = new[] { images.FitnessCurve, images.TimeBreakdown }.Concat(images.Landscapes.Select(l => l.File))
            .OfType<string>().Select(f => Path.Combine(folder.Folder, f)).ToArray();
        return new ReportSummary(folder.RunId, status.State, folder.ReportPath, state.History.Count, state.Plan.Generations, files, missing,
            ReportWriter.ExportCommand(RunReport.TypedPath(folder.BestPath)));
    }

    /// <summary>What <c>evopo report</c> prints, local or from a coordinator alike.</summary>
    public static void Print(ReportSummary summary, bool json)
    {
        if (json)
        {
            Console.WriteLine(JsonSerializer.Serialize(new
            {
                runId = summary.RunId,
                state = summary.State,
                report = summary.Report,
                images = summary.Images,
                complete = summary.Missing is null,
                missing = summary.Missing,
                export = summary.Export,
            }));
            return;
        }
        Console.WriteLine($"wrote {summary.Report} ({summary.State}, {summary.Generations}/{summary.Of} generations)");
        foreach (var file in summary.Images) Console.WriteLine($"  {file}");
        if (summary.Missing is not null) Console.WriteLine($"unfinished: {summary.Missing}");
        Console.WriteLine($"export the discovered loss for PyTorch and TRL: {summary.Export}");
    }
}
