namespace EvoPo.Coordinator.Tests.EndToEnd;

/// <summary>A search whose every candidate fails ends failed, with the reason, instead of "finished" with best −∞.</summary>
[Collection(EndToEndCollection.Name)]
public sealed class AllCandidatesFailedTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("evopo-allfailed-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void A_start_vector_that_makes_every_candidate_diverge_fails_the_run()
    {
        File.WriteAllText(Path.Combine(_dir, "huge.json"), "[" + string.Join(", ", Enumerable.Repeat("1e30", 379)) + "]");
        var config = Path.Combine(_dir, "huge.yaml");
        File.WriteAllText(config, $$"""
            task: { name: crawler-3leg, episodeLength: 40 }
            dataset: { pairs: 32 }
            objective: { lambda: 0.5, inputTemperature: 5.0, start: {{Path.Combine(_dir, "huge.json")}} }
            training: { epochs: 1, minibatchPairs: 8 }
            evaluation: { episodes: 2 }
            es: { population: 4, generations: 3 }
            work: { unitSize: 4 }
            report: { baselines: [sft], seeds: 1 }
            """);
        var runs = Path.Combine(_dir, "runs");
        var (code, output) = EvopoProcess.Run(EvopoProcess.Timeout, "search", "--config", config, "--runs", runs);
        Assert.Equal(1, code);
        Assert.Contains("every candidate of generation 1 failed", output);
        var (_, status) = EvopoProcess.Run(EvopoProcess.Timeout, "status", EvopoProcess.RunIdIn(output), "--runs", runs, "--json");
        Assert.Contains("\"state\":\"failed\"", status.Replace(" ", ""));
    }
}
