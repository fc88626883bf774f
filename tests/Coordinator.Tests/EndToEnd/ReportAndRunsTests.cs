using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using EvoPo.Coordinator.Runs;

namespace EvoPo.Coordinator.Tests.EndToEnd;

/// <summary>
/// <c>evopo report</c> and <c>evopo runs</c> on real runs: one finished, one stopped with Ctrl-C after its first generation,
/// both in the same runs directory (one journal).
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed partial class ReportAndRunsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("evopo-report-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Report_and_runs_on_a_finished_and_an_interrupted_run()
    {
        var runs = Path.Combine(_dir, "runs");
        var (code, output) = EvopoProcess.Run(EvopoProcess.Timeout, "search", "--config", SmallSearchConfig.WriteTo(_dir, generations: 2), "--runs", runs);
        Assert.True(code == 0, output);
        var finished = EvopoProcess.RunIdOf(output);

        var (stopped, _) = EvopoProcess.SearchInterruptedAfterFirstGeneration(_dir, runs);

        // runs --json: both runs, with the states status would give.
        var (runsCode, runsOutput) = EvopoProcess.Run(EvopoProcess.Timeout, "runs", "--runs", runs, "--json");
        Assert.True(runsCode == 0, runsOutput);
        var list = JsonDocument.Parse(runsOutput.Split('\n').Last(l => l.StartsWith('['))).RootElement.EnumerateArray()
            .ToDictionary(r => r.GetProperty("runId").GetString()!);
        Assert.Equal(2, list.Count);
        Assert.Equal("finished", list[finished].GetProperty("state").GetString());
        Assert.Equal(2, list[finished].GetProperty("generation").GetInt32());
        Assert.Equal(2, list[finished].GetProperty("generations").GetInt32());
        Assert.Equal("stopped", list[stopped].GetProperty("state").GetString());
        Assert.InRange(list[stopped].GetProperty("generation").GetInt32(), 1, EvopoProcess.InterruptedGenerations - 1);
        Assert.Equal(EvopoProcess.InterruptedGenerations, list[stopped].GetProperty("generations").GetInt32());
        Assert.True(list[stopped].GetProperty("ageSeconds").GetDouble() >= 0);

        // report of the finished run: regenerated from the journal, with its plots and the numbers of history.csv and best.json.
        var folder = Path.Combine(runs, finished);
        // The search's own report comes from the same writer: the same images.
        Assert.Contains($"]({RunReport.FitnessCurveFile})", File.ReadAllText(Path.Combine(folder, "report.md")));
        Assert.Contains($"]({RunReport.TimeBreakdownFile})", File.ReadAllText(Path.Combine(folder, "report.md")));
        foreach (var png in Directory.GetFiles(folder, "*.png")) File.Delete(png);
        File.Delete(Path.Combine(folder, "report.md"));
        var (reportCode, reportOutput) = EvopoProcess.Run(EvopoProcess.Timeout, "report", finished, "--runs", runs);
        Assert.True(reportCode == 0, reportOutput);
        var report = File.ReadAllText(Path.Combine(folder, "report.md"));
        // The export command the report names works on this run's best.json.
        var bestJson = Path.Combine(folder, "best.json");
        Assert.Contains($"`evopo objective export --best {bestJson} --out discovered_loss.py`", report);
        Assert.Contains($"evopo objective export --best {bestJson} --out discovered_loss.py", reportOutput);
        var exported = Path.Combine(runs, "discovered_loss.py");
        var (exportCode, exportOutput) = EvopoProcess.Run(EvopoProcess.Timeout, "objective", "export", "--best", bestJson, "--out", exported);
        Assert.True(exportCode == 0, exportOutput);
        Assert.Contains($"discovered by EvoPO run {finished}", File.ReadAllText(exported));
        foreach (var png in new[] { RunReport.FitnessCurveFile, RunReport.TimeBreakdownFile, "landscape-discovered.png", "landscape-orpo.png", "landscape-dpo.png" })
        {
            AssertPng(Path.Combine(folder, png));
            Assert.Contains($"]({png})", report);
        }
        Assert.DoesNotContain("Unfinished", report);
        var history = File.ReadAllLines(Path.Combine(folder, "history.csv")).Skip(1).Select(l => l.Split(',')).ToArray();
        Assert.Equal(2, history.Length);
        Assert.Contains($"Population mean fitness went from {F(history[0][1])} (generation 0) to {F(history[^1][1])} (generation 1)", report);
        foreach (var row in history)
            Assert.Contains($"| {row[0]} | {F(row[1])} | {F(row[2])} | {F(row[3])} |", report);
        using var best = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "best.json")));
        Assert.Contains($"the best single candidate reached {F(best.RootElement.GetProperty("best").GetProperty("fitness").GetDouble())}", report);
        var discovered = DiscoveredRow().Match(report);
        Assert.True(discovered.Success, report);
        Assert.Contains($"trains agents with a mean return of {discovered.Groups[1].Value}", report);
        Assert.Matches(@"orpo \S+ \([+−]\S+ for the discovered objective\)", report);

        // report of the interrupted run: written, and it says what is missing.
        var (partialCode, partialOutput) = EvopoProcess.Run(EvopoProcess.Timeout, "report", stopped, "--runs", runs, "--json");
        Assert.True(partialCode == 0, partialOutput);
        var partial = JsonDocument.Parse(partialOutput.Split('\n').Last(l => l.StartsWith('{'))).RootElement;
        Assert.False(partial.GetProperty("complete").GetBoolean());
        Assert.Contains("no comparison numbers yet", partial.GetProperty("missing").GetString());
        var partialReport = File.ReadAllText(Path.Combine(runs, stopped, "report.md"));
        Assert.Contains("**Unfinished report.**", partialReport);
        Assert.Contains($"evopo resume {stopped}", partialReport);
        AssertPng(Path.Combine(runs, stopped, RunReport.FitnessCurveFile));
    }

    private static void AssertPng(string path)
    {
        Assert.True(File.Exists(path), $"{path} is missing");
        var bytes = File.ReadAllBytes(path);
        Assert.True(bytes.Length > 5_000, $"{path} has only {bytes.Length} bytes");
        Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }, bytes[..8]);
    }

    private static string F(string csvValue) => F(double.Parse(csvValue, CultureInfo.InvariantCulture));

    private static string F(double value) => value.ToString("0.00", CultureInfo.InvariantCulture);

    [GeneratedRegex(@"\| discovered \(ES mean\) \| (\S+) \|")]
    private static partial Regex DiscoveredRow();
}
