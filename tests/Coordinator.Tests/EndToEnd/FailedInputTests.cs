namespace EvoPo.Coordinator.Tests.EndToEnd;

/// <summary>
/// Inputs that break a search in the middle (an output file that cannot be written, a truncated agent at report time, a
/// dataset corrupted before a resume) end the process with one line and exit code 1 instead of hanging, lose nothing, and
/// once fixed the run goes on (`resume`, or `resume --retry` for a run failed by its input) to the same meanDigest as a
/// search that never broke.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class FailedInputTests(StraightRunFixture straight) : IClassFixture<StraightRunFixture>, IDisposable
{
    private static readonly TimeSpan Timeout = EvopoProcess.Timeout;
    private readonly string _dir = Directory.CreateTempSubdirectory("evopo-inputs-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Runs => Path.Combine(_dir, "runs");

    private EvopoProcess Search() =>
        EvopoProcess.Start("search", "--config", SmallSearchConfig.WriteTo(_dir, StraightRunFixture.Generations), "--runs", Runs);

    private (int Code, string Output) Resume(string runId, params string[] more) =>
        EvopoProcess.Run(Timeout, ["resume", runId, "--runs", Runs, .. more]);

    [Fact]
    public void An_unwritable_best_json_ends_the_search_with_one_line_and_exit_1_and_a_resume_finishes_it()
    {
        using var search = Search();
        var runId = EvopoProcess.RunIdOf(search.WaitForLine(l => l.StartsWith("run id:"), Timeout));
        search.WaitForLine(l => l.StartsWith("gen   1/"), Timeout);
        // A directory where best.json's next version is written: as root too (permissions would not stop root).
        var blocked = Path.Combine(Runs, runId, "best.json.tmp");
        Directory.CreateDirectory(blocked);

        Assert.Equal(1, search.WaitForExit(Timeout));
        Assert.Contains($"run {runId} stopped: writing its files failed: ", search.Output);
        Assert.Contains(blocked, search.Output);
        Assert.DoesNotContain("   at ", search.Output);

        Directory.Delete(blocked);
        var (code, output) = Resume(runId);
        Assert.True(code == 0, output);
        Assert.Equal(straight.Digest, EvopoProcess.DigestIn(output));
    }

    [Fact]
    public void A_target_agent_truncated_before_the_report_fails_the_run_and_retry_after_the_fix_finishes_it()
    {
        using var search = Search();
        var runId = EvopoProcess.RunIdOf(search.WaitForLine(l => l.StartsWith("run id:"), Timeout));
        // Written before the dataset is built, read again only by the report.
        search.WaitForLine(l => l.StartsWith("building "), Timeout);
        var target = Path.Combine(Runs, runId, "target.agent.json");
        var intact = File.ReadAllBytes(target);
        File.WriteAllBytes(target, intact[..(intact.Length / 2)]);

        Assert.Equal(1, search.WaitForExit(Timeout));
        Assert.Contains($"run {runId} failed: the report could not be written: ", search.Output);
        Assert.Contains("target.agent.json", search.Output);
        Assert.Contains($"evopo resume {runId} --runs {Runs} --retry", search.Output);
        Assert.DoesNotContain("   at ", search.Output);

        var (again, againOutput) = Resume(runId);
        Assert.Equal(1, again);
        Assert.Contains("failed: the report could not be written", againOutput);

        File.WriteAllBytes(target, intact);
        var (code, output) = Resume(runId, "--retry");
        Assert.True(code == 0, output);
        Assert.Equal(straight.Digest, EvopoProcess.DigestIn(output));
        Assert.True(File.Exists(Path.Combine(Runs, runId, "report.md")));
    }

    [Fact]
    public void A_dataset_corrupted_before_a_resume_fails_the_run_and_retry_after_the_fix_ends_it_with_the_same_digest()
    {
        string runId;
        using (var search = Search())
        {
            runId = EvopoProcess.RunIdOf(search.WaitForLine(l => l.StartsWith("run id:"), Timeout));
            search.WaitForLine(l => l.StartsWith("gen   1/"), Timeout);
            search.Interrupt();
            Assert.Equal(130, search.WaitForExit(Timeout));
        }
        var dataset = Path.Combine(Runs, runId, "dataset.evopods");
        var intact = File.ReadAllBytes(dataset);
        File.WriteAllBytes(dataset, intact[..(intact.Length / 2)]);

        var (failed, failedOutput) = Resume(runId);
        Assert.Equal(1, failed);
        Assert.Contains("failed 3 times", failedOutput);

        // Fixed, a plain resume still finds the run failed for good, and says how to try again.
        File.WriteAllBytes(dataset, intact);
        var (still, stillOutput) = Resume(runId);
        Assert.Equal(1, still);
        Assert.Contains($"evopo resume {runId} --runs {Runs} --retry", stillOutput);

        var (code, output) = Resume(runId, "--retry");
        Assert.True(code == 0, output);
        Assert.Equal(straight.Digest, EvopoProcess.DigestIn(output));
    }
}
