using EvoPo.Coordinator.Baselines;
using EvoPo.Coordinator.Config;
using EvoPo.GpuWorker.Objectives;
using EvoPo.Simulation.Policies;

namespace EvoPo.Coordinator.Tests.Baselines;

public sealed class BaselinesRunnerTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("evopo-baselines-").FullName;

    public BaselinesRunnerTests()
    {
        var shape = new PolicyShape(9, [8], 4);
        AgentFile.Write(Path.Combine(_dir, "original.agent.json"), new Agent("crawler", shape, 0.05, GaussianMlp.InitParameters(shape, 1, outputScale: 1)));
        AgentFile.Write(Path.Combine(_dir, "target.agent.json"), new Agent("crawler-3leg", shape, 0.05, GaussianMlp.InitParameters(shape, 2, outputScale: 1)));
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string ConfigPath(string baselines)
    {
        var path = Path.Combine(_dir, "config.yaml");
        File.WriteAllText(path, $$"""
            task: { name: crawler-3leg, episodeLength: 10 }
            agents: { original: {{Path.Combine(_dir, "original.agent.json")}}, target: {{Path.Combine(_dir, "target.agent.json")}} }
            dataset: { pairs: 4, seed: 5 }
            training: { epochs: 2, sftEpochs: 1, minibatchPairs: 2 }
            evaluation: { episodes: 2 }
            baselines: {{baselines}}
            """);
        return path;
    }

    [Fact]
    public void Tiny_run_gives_every_method_on_every_variant()
    {
        var path = ConfigPath("{ variants: [base, noisy, mixed], noise: [0.1, 0.3], seeds: 2 }");
        var progress = new StringWriter();
        var outcome = new BaselinesRunner(SearchConfigLoader.Load(path), path, progress).Run(CancellationToken.None);

        var labels = new[] { "base", "noisy 0.1", "noisy 0.3", "mixed" };
        Assert.Equal(labels, outcome.Columns.Select(c => c.Label));
        Assert.Equal(ObjectiveCatalog.Names.Where(n => !n.StartsWith("mpo-", StringComparison.Ordinal)).Order(), outcome.Methods.Order());
        Assert.Equal(outcome.Methods.Count * labels.Length, outcome.Results.Count);
        Assert.All(outcome.Results, r => Assert.Equal(2, r.PerSeed.Count));
        Assert.All(outcome.Results, r => Assert.True(double.IsFinite(r.Mean), $"{r.Method} on {r.Column.Label}"));
        Assert.Contains("[4/4] mixed", progress.ToString());

        var markdown = BaselinesTable.Markdown(outcome);
        Assert.Contains("| method | base | noisy 0.1 | noisy 0.3 | mixed |", markdown);
        foreach (var method in outcome.Methods)
            Assert.Single(markdown.Split('\n'), l => l.StartsWith($"| {method} |", StringComparison.Ordinal) && l.Count(c => c == '±') == labels.Length);
        var csv = BaselinesTable.Csv(outcome).TrimEnd('\n').Split('\n');
        Assert.Equal(1 + outcome.Results.Count, csv.Length);
        Assert.Contains(csv, l => l.StartsWith("maxpo,noisy,0.3,", StringComparison.Ordinal));

        // Same config, same numbers: the seeds are the search report's, and evaluation uses common random numbers.
        var again = new BaselinesRunner(SearchConfigLoader.Load(path), path, TextWriter.Null).Run(CancellationToken.None);
        Assert.Equal(outcome.Results.Select(r => r.PerSeed.ToArray()), again.Results.Select(r => r.PerSeed.ToArray()));
    }

    [Fact]
    public void Cancellation_stops_the_run()
    {
        var path = ConfigPath("{ variants: [base], methods: [sft], seeds: 1 }");
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => new BaselinesRunner(SearchConfigLoader.Load(path), path, TextWriter.Null).Run(cancelled.Token));
    }

    [Theory]
    [InlineData("{ noise: [0.7] }", "baselines.noise[0]: must be a number in [0, 0.5]")]
    [InlineData("{ variants: [] }", "baselines.variants: must name at least one")]
    [InlineData("{ variants: [loud] }", "baselines.variants[0]: unknown value 'loud'")]
    [InlineData("{ methods: [dpo, dpo] }", "baselines.methods: must not list a method twice")]
    [InlineData("{ seeds: 0 }", "baselines.seeds: must be an integer in [1, 100]")]
    [InlineData("{ colour: red }", "baselines.colour: unknown key")]
    public void Config_errors_name_the_key(string baselines, string message)
    {
        var e = Assert.Throws<ConfigException>(() => SearchConfigLoader.Load(ConfigPath(baselines)));
        Assert.Contains(message, e.Message);
    }

    [Fact]
    public void Baselines_section_round_trips_through_yaml()
    {
        var config = SearchConfigLoader.Load(ConfigPath("{ variants: [mixed, noisy], noise: [0.25], methods: [sft, lpo], seeds: 4 }"));
        Assert.Equal(config, SearchConfigLoader.Parse(SearchConfigLoader.ToYaml(config), "round trip"));
        Assert.Equal([0.25], config.Baselines.Noise);
    }
}
