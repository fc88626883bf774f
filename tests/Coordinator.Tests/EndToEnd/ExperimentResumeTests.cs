namespace EvoPo.Coordinator.Tests.EndToEnd;

/// <summary>
/// <c>evopo experiment</c> with real processes: an experiment killed in the middle (SIGKILL during its search) and
/// started again with the same command ends with the same table, value for value, as one never interrupted.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class ExperimentResumeTests : IDisposable
{
    private static readonly TimeSpan Timeout = EvopoProcess.Timeout;
    private readonly string _dir = Directory.CreateTempSubdirectory("evopo-experiment-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Config()
    {
        var path = Path.Combine(_dir, "tiny.yaml");
        File.WriteAllText(path, """
            task: { name: crawler-3leg, episodeLength: 40 }
            dataset: { pairs: 32 }
            objective: { lambda: 0.5, inputTemperature: 5.0 }
            training: { epochs: 2, minibatchPairs: 8 }
            evaluation: { episodes: 2 }
            es: { population: 4, generations: 3, sigma0: 0.5, learningRate: 0.1 }
            work: { unitSize: 2 }
            baselines:
              variants: [base, noisy]
              noise: [0.3]
              methods: [sft, dpo]
              seeds: 3
              grid: { dpo: { beta: [0.1, 1.0] } }
              validationSeeds: 2
              validationEpisodes: 2
              heldOutEpisodes: 4
            experiment: { searches: [noisy-0.3] }
            """);
        return path;
    }

    [Fact]
    public void An_experiment_killed_during_its_search_continues_with_the_same_command_to_the_same_table()
    {
        var config = Config();
        var straight = Path.Combine(_dir, "straight");
        var (code, output) = EvopoProcess.Run(Timeout, "experiment", "--config", config, "--runs", straight);
        Assert.True(code == 0, output);
        Assert.Contains("## Verdicts", output);
        Assert.Contains("discovered (searched on noisy-0.3)", output);

        var killed = Path.Combine(_dir, "killed");
        using (var experiment = EvopoProcess.Start("experiment", "--config", config, "--runs", killed, "--verbose"))
        {
            experiment.WaitForLine(l => l.Contains("search on noisy 0.3"), Timeout);
            experiment.WaitForLine(l => l.Contains("of generation 1 done"), Timeout);
            experiment.KillHard();
        }
        var (again, resumed) = EvopoProcess.Run(Timeout, "experiment", "--config", config, "--runs", killed);
        Assert.True(again == 0, resumed);
        Assert.Contains("run tiny-sweep-base is finished", resumed);
        Assert.Contains("run tiny-search-noisy-0p3 resumes", resumed);

        Assert.Equal(File.ReadAllText(Path.Combine(straight, "tiny", "table.csv")), File.ReadAllText(Path.Combine(killed, "tiny", "table.csv")));
    }

    [Fact]
    public void An_experiment_refuses_to_continue_with_a_changed_config()
    {
        var config = Config();
        var runs = Path.Combine(_dir, "changed");
        Directory.CreateDirectory(Path.Combine(runs, "tiny"));
        File.WriteAllText(Path.Combine(runs, "tiny", "experiment.yaml"), "run: { seed: 1 }\n");
        var (code, output) = EvopoProcess.Run(Timeout, "experiment", "--config", config, "--runs", runs);
        Assert.Equal(1, code);
        Assert.Contains("exists with a different config", output);
    }
}
