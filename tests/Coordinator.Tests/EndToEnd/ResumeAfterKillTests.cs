using System.Text.Json;

namespace EvoPo.Coordinator.Tests.EndToEnd;

/// <summary>
/// The walking skeleton's promise, with real processes: a search killed with SIGKILL in the middle of a
/// generation and resumed ends with the same ES mean as one never interrupted, and no unit whose result was
/// stored runs again; Ctrl-C stops cleanly and the run resumes.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class ResumeAfterKillTests : IDisposable
{
    private static readonly TimeSpan Timeout = EvopoProcess.Timeout;
    private readonly string _dir = Directory.CreateTempSubdirectory("evopo-resume-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Resume_after_kill_gives_same_mean_digest() =>
        KilledAndResumedEndsLikeUninterrupted(SmallSearchConfig.WriteTo(_dir));

    /// <summary>The same promise for each strategy whose state is not OpenAI-ES's (docs/strategies.md): its envelope
    /// snapshot (every 2 generations here) and the replay of the events after it.</summary>
    [Theory]
    [InlineData("pgpe")]
    [InlineData("snes")]
    [InlineData("sep-cma-es")]
    [InlineData("cma-es")]
    public void A_search_with_each_strategy_resumes_after_kill_to_the_same_mean_digest(string strategy) =>
        KilledAndResumedEndsLikeUninterrupted(SmallSearchConfig.WriteTo(_dir, strategy: $"strategy: {strategy}"));

    // Units of the small config take ~0.1 s: three of them and the generation's update could finish between the
    // "unit done" line and the kill on a loaded CI machine (seen once). Training 24 epochs instead of 2 widened that gap
    // but multiplied the training of every run in this class by 12; a pause before each unit of the killed process widens
    // it to at least 3 s whatever the load, costs no CPU and changes no result.
    private static readonly Dictionary<string, string> SlowUnits = new() { [EvoPo.Coordinator.Hosting.NodeOptions.TestUnitDelayVariable] = "1" };

    private void KilledAndResumedEndsLikeUninterrupted(string config)
    {
        var (code, output) = EvopoProcess.Run(Timeout, "search", "--config", config, "--runs", Path.Combine(_dir, "straight"));
        Assert.True(code == 0, output);
        var straightId = RunId(output);
        var straight = Status(straightId, "straight");
        Assert.Equal("finished", straight.GetProperty("state").GetString());

        var killedRuns = Path.Combine(_dir, "killed");
        string killedId;
        int unitsBeforeKill;
        using (var search = EvopoProcess.Start(SlowUnits, "search", "--config", config, "--runs", killedRuns, "--verbose"))
        {
            killedId = RunId(search.WaitForLine(l => l.StartsWith("run id:"), Timeout));
            // The line is printed after the unit's result is persisted: kill right after the first unit of generation 1.
            search.WaitForLine(l => l.Contains("unit") && l.Contains("of generation 1 done"), Timeout);
            search.KillHard();
            unitsBeforeKill = UnitLines(search.Output, generation: 1).Count;
        }

        var stopped = Status(killedId, "killed");
        Assert.Equal("stopped", stopped.GetProperty("state").GetString());
        Assert.Equal(1, stopped.GetProperty("generation").GetInt32());
        var persisted = stopped.GetProperty("completedUnitsInGeneration").GetInt32();
        Assert.InRange(persisted, unitsBeforeKill, 3);

        var (resumeCode, resumeOutput) = EvopoProcess.Run(Timeout, "resume", killedId, "--runs", killedRuns, "--verbose");
        Assert.True(resumeCode == 0, resumeOutput);
        Assert.Contains($"with {persisted} unit(s) of it already done", resumeOutput);
        // Generation 1 has 4 units: the resumed process runs exactly the ones the journal did not hold.
        Assert.Equal(4 - persisted, UnitLines(resumeOutput, generation: 1).Count);

        var resumed = Status(killedId, "killed");
        Assert.Equal("finished", resumed.GetProperty("state").GetString());
        Assert.Equal(straight.GetProperty("meanDigest").GetString(), resumed.GetProperty("meanDigest").GetString());
        Assert.Equal(3, resumed.GetProperty("generation").GetInt32());
        Assert.Equal(File.ReadAllText(Path.Combine(_dir, "straight", straightId, "history.csv")).Split('\n').Length,
            File.ReadAllText(Path.Combine(killedRuns, killedId, "history.csv")).Split('\n').Length);
    }

    [Fact]
    public void Ctrl_C_stops_cleanly_and_the_run_resumes_to_the_end()
    {
        var runs = Path.Combine(_dir, "interrupted");
        var (runId, interrupted) = EvopoProcess.SearchInterruptedAfterFirstGeneration(_dir, runs);
        Assert.Contains($"continue with: evopo resume {runId}", interrupted);
        Assert.Equal("stopped", Status(runId, "interrupted").GetProperty("state").GetString());

        var (code, output) = EvopoProcess.Run(Timeout, "resume", runId, "--runs", runs);
        Assert.True(code == 0, output);
        Assert.Equal("finished", Status(runId, "interrupted").GetProperty("state").GetString());
    }

    [Fact]
    public void The_same_search_command_with_a_run_id_resumes_after_a_kill_as_a_supervisor_would_restart_it()
    {
        var config = SmallConfig();
        var straightDigest = SmallSearchConfig.DigestAlone();

        var runs = Path.Combine(_dir, "supervised");
        string[] command = ["search", "--config", config, "--runs", runs, "--run-id", "nightly-1"];
        using (var search = EvopoProcess.Start(command))
        {
            search.WaitForLine(l => l.StartsWith("gen   1/"), Timeout);
            search.KillHard();
        }

        var (again, againOutput) = EvopoProcess.Run(Timeout, command);
        Assert.True(again == 0, againOutput);
        Assert.Contains("run nightly-1 exists (stopped) with this config: resuming it", againOutput);
        Assert.Equal(straightDigest, Status("nightly-1", "supervised").GetProperty("meanDigest").GetString());

        var (finished, finishedOutput) = EvopoProcess.Run(Timeout, command);
        Assert.True(finished == 0, finishedOutput);
        Assert.Contains("already finished", finishedOutput);

        var changed = Path.Combine(_dir, "changed.yaml");
        File.WriteAllText(changed, File.ReadAllText(config).Replace("episodes: 4", "episodes: 5"));
        var (refused, refusedOutput) = EvopoProcess.Run(Timeout, "search", "--config", changed, "--runs", runs, "--run-id", "nightly-1");
        Assert.Equal(1, refused);
        Assert.Contains("exists with a different config", refusedOutput);
    }

    private string SmallConfig() => SmallSearchConfig.WriteTo(_dir);

    private JsonElement Status(string runId, string runs)
    {
        var (code, output) = EvopoProcess.Run(Timeout, "status", runId, "--runs", Path.Combine(_dir, runs), "--json");
        Assert.True(code == 0, output);
        return JsonDocument.Parse(output.Split('\n').Last(l => l.StartsWith('{'))).RootElement;
    }

    private static string RunId(string output) => EvopoProcess.RunIdOf(output);

    private static List<string> UnitLines(string output, int generation) =>
        output.Split('\n').Where(l => l.Contains($"of generation {generation} done")).ToList();
}
