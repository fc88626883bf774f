using EvoPo.Coordinator.Cli;
using EvoPo.Simulation.Datasets;
using EvoPo.Simulation.Policies;

namespace EvoPo.Coordinator.Tests.Cli;

public sealed class DatasetCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("evopo-dataset-").FullName;
    private readonly string _original;
    private readonly string _target;

    public DatasetCommandTests()
    {
        var shape = new PolicyShape(9, [8], 4);
        _original = Path.Combine(_dir, "original.agent.json");
        _target = Path.Combine(_dir, "target.agent.json");
        AgentFile.Write(_original, new Agent("crawler", shape, 0.05, GaussianMlp.InitParameters(shape, 1, outputScale: 1)));
        AgentFile.Write(_target, new Agent("crawler-3leg", shape, 0.05, GaussianMlp.InitParameters(shape, 2, outputScale: 1)));
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static Task Run(params string[] args) => Evopo.SucceedsAsync(["dataset", .. args]);

    private static Task<string> Refused(params string[] args) => Evopo.UsageErrorAsync(["dataset", .. args]);

    private static Task<string> Fails(params string[] args) => Evopo.FailureAsync(["dataset", .. args]);

    private string[] Args(string outPath, params string[] extra) =>
        ["--original", _original, "--target", _target, "--task", "crawler-3leg", "--pairs", "6", "--episode-length", "20", "--out", outPath, .. extra];

    [Fact]
    public async Task Writes_a_dataset_that_reads_back_with_the_requested_spec()
    {
        var outPath = Path.Combine(_dir, "sub", "noisy.evopods");
        await Run(Args(outPath, "--variant", "noisy", "--noise", "0.3", "--seed", "4", "--temperature", "2"));

        var dataset = DatasetFile.Read(outPath);
        var m = dataset.Metadata;
        Assert.Equal(6, dataset.Pairs);
        Assert.Equal(DatasetVariant.Noisy, m.Variant);
        Assert.Equal(0.3, m.NoiseEpsilon);
        Assert.Equal(2.0, m.JudgeTemperature);
        Assert.Equal(4UL, m.Seed);
        Assert.Equal("crawler-3leg", m.Task);
        Assert.Equal(20, m.MaxLength);
        Assert.Equal(AgentFile.Read(_original).ContentHash, m.OriginalAgentHash);
        Assert.Equal(AgentFile.Read(_target).ContentHash, m.TargetAgentHash);

        // Same arguments, same bytes.
        var again = Path.Combine(_dir, "again.evopods");
        await Run(Args(again, "--variant", "noisy", "--noise", "0.3", "--seed", "4", "--temperature", "2"));
        Assert.Equal(dataset.ContentHash, DatasetFile.Read(again).ContentHash);
    }

    [Fact]
    public async Task Agents_of_different_distributions_are_refused_naming_both_files()
    {
        var shape = new PolicyShape(9, [8], 4);
        var squashed = Path.Combine(_dir, "squashed.agent.json");
        AgentFile.Write(squashed, new Agent("crawler-3leg", shape, 0.05, GaussianMlp.InitParameters(shape, 2, outputScale: 1), null, PolicyDistribution.TanhGaussian));
        var outPath = Path.Combine(_dir, "mixed.evopods");
        var e = await Fails("--original", _original, "--target", squashed, "--task", "crawler-3leg", "--pairs", "6", "--out", outPath);
        Assert.Contains($"--original agent '{_original}' is gaussian but --target agent '{squashed}' is tanh-gaussian", e);
        Assert.False(File.Exists(outPath));
    }

    [Fact]
    public async Task Mixed_variant_defaults_to_no_noise()
    {
        var outPath = Path.Combine(_dir, "mixed.evopods");
        await Run(Args(outPath, "--variant", "mixed"));
        var m = DatasetFile.Read(outPath).Metadata;
        Assert.Equal(DatasetVariant.Mixed, m.Variant);
        Assert.Equal(0.0, m.NoiseEpsilon);
    }

    [Theory]
    [InlineData("--variant", "loud", "--variant: Argument 'loud' not recognized. Must be one of: 'base' 'noisy' 'mixed'")]
    [InlineData("--noise", "0.1", "--noise only applies to --variant noisy")]
    [InlineData("--pairs", "0", "--pairs must be an integer in [1, 1000000], got '0'")]
    [InlineData("--temperature", "-1", "--temperature must be ≥ 0, got -1")]
    [InlineData("--task", "humanoid", "--task: Argument 'humanoid' not recognized")]
    [InlineData("--colour", "red", "Unrecognized command or argument '--colour'")]
    public async Task Bad_arguments_are_usage_errors(string option, string value, string message)
    {
        var args = Args(Path.Combine(_dir, "x.evopods")).ToList();
        var at = args.IndexOf(option);
        if (at >= 0) args[at + 1] = value;
        else args.AddRange([option, value]);
        var e = await Refused([.. args]);
        Assert.Contains(message, e);
        Assert.False(File.Exists(Path.Combine(_dir, "x.evopods")));
    }

    [Fact]
    public async Task Noise_out_of_range_is_a_usage_error()
    {
        var e = await Refused(Args(Path.Combine(_dir, "x.evopods"), "--variant", "noisy", "--noise", "0.7"));
        Assert.Contains("--noise must be in [0, 0.5]", e);
    }

    [Fact]
    public async Task A_missing_or_broken_agent_file_is_named()
    {
        var missing = Path.Combine(_dir, "nope.agent.json");
        var args = Args(Path.Combine(_dir, "x.evopods"));
        args[Array.IndexOf(args, _target)] = missing;
        var e = await Fails(args);
        Assert.Contains(missing, e);
        Assert.Contains("--target", e);
        Assert.Contains("does not exist", e);

        var broken = Path.Combine(_dir, "broken.agent.json");
        File.WriteAllText(broken, File.ReadAllText(_original).Replace("\"evopo-agent\"", "\"something-else\""));
        args = Args(Path.Combine(_dir, "x.evopods"));
        args[Array.IndexOf(args, _original)] = broken;
        e = await Fails(args);
        Assert.Contains(broken, e);
        Assert.Contains("format is 'something-else'", e);
    }

    [Fact]
    public void Summary_counts_agreement_and_flips()
    {
        var dataset = DatasetBuilder.Build(EvoPo.Simulation.Tasks.BuiltInTasks.Get("crawler-3leg", 20),
            AgentFile.Read(_original), AgentFile.Read(_target), new DatasetSpec(16, DatasetVariant.Noisy, 0.5, 0, 9));
        var s = DatasetCommand.Summarize(dataset);
        Assert.Equal(dataset.Flipped.Count(f => f), s.Flipped);
        Assert.Equal(16, s.TargetVsOriginalPairs);
        Assert.Equal(16, s.TargetCount);
        // A perfect judge (T = 0) disagrees with the returns exactly where noise flipped the label (barring ties).
        Assert.Equal(1.0 - (double)s.Flipped / 16, s.AgreeFraction, 6);
    }

    [Fact]
    public async Task Cluster_options_without_role_coordinator_are_refused()
    {
        var outPath = Path.Combine(_dir, "x.evopods");
        Assert.Contains("--role coordinator", await Refused(Args(outPath, "--seeds", "127.0.0.1:1")));
        Assert.False(File.Exists(outPath));
    }

    [Fact]
    public async Task A_pair_too_large_for_a_work_unit_is_refused_in_cluster_mode_before_any_node_starts()
    {
        var outPath = Path.Combine(_dir, "x.evopods");
        var message = await Refused("--original", _original, "--target", _target, "--task", "crawler-3leg", "--episode-length", "200000", "--out", outPath,
            "--role", "coordinator", "--seeds", "127.0.0.1:1");
        Assert.Contains("MiB", message);
        Assert.False(File.Exists(outPath));
    }
}
