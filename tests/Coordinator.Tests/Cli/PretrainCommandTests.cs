using EvoPo.Coordinator.Cli;
using EvoPo.Simulation.Policies;

namespace EvoPo.Coordinator.Tests.Cli;

public sealed class PretrainCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("evopo-pretrain-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static Task Run(params string[] args) => Evopo.SucceedsAsync(["pretrain", .. args]);

    private static Task<string> Refused(params string[] args) => Evopo.UsageErrorAsync(["pretrain", .. args]);

    private static Task<string> Fails(params string[] args) => Evopo.FailureAsync(["pretrain", .. args]);

    private string[] Tiny(string task, string outName, params string[] extra) => Tiny(task, outName, 2, extra);

    private string[] Tiny(string task, string outName, int generations, params string[] extra) =>
        ["--task", task, "--out", Path.Combine(_dir, outName), "--generations", $"{generations}", "--population", "4", "--episodes", "1",
         "--episode-length", "10", "--hidden", "4", "--report-episodes", "2", "--runs", Path.Combine(_dir, "runs"), "--threads", "2", .. extra];

    [Fact]
    public async Task Trains_writes_and_adapts_as_a_journaled_run_that_the_same_command_finds_again()
    {
        await Run(Tiny("crawler", "o.agent.json"));
        var original = AgentFile.Read(Path.Combine(_dir, "o.agent.json"));
        Assert.Equal("crawler", original.Task);

        await Run(Tiny("crawler-3leg", "t.agent.json", "--from", Path.Combine(_dir, "o.agent.json"), "--run-id", "target"));
        var target = AgentFile.Read(Path.Combine(_dir, "t.agent.json"));
        Assert.Equal(original.ContentHash, target.Provenance["start"]);
        Assert.Equal(target.ContentHash, AgentFile.Read(Path.Combine(_dir, "runs", "target", "pretrained.agent.json")).ContentHash);

        // The same command and run id finds the finished run and writes its agent again; other settings are refused, named.
        File.Delete(Path.Combine(_dir, "t.agent.json"));
        await Run(Tiny("crawler-3leg", "t.agent.json", "--from", Path.Combine(_dir, "o.agent.json"), "--run-id", "target"));
        Assert.Equal(target.ContentHash, AgentFile.Read(Path.Combine(_dir, "t.agent.json")).ContentHash);
        var e = await Fails(Tiny("crawler-3leg", "t9.agent.json", "--from", Path.Combine(_dir, "o.agent.json"), "--run-id", "target", "--seed", "9"));
        Assert.Contains("run.seed: 1 → 9", e);

        // It is a run of the runs directory: listed with its kind, and `evopo report` says where its result is instead.
        var report = await Evopo.FailureAsync("report", "target", "--runs", Path.Combine(_dir, "runs"));
        Assert.Contains("is a pretraining run", report);
        Assert.Contains("pretrained.agent.json", report);

        // Observation normalization is off by default and frozen into the agent when on.
        Assert.Null(target.Normalizer);
        await Run(Tiny("crawler", "n.agent.json", "--normalize-observations"));
        Assert.NotNull(AgentFile.Read(Path.Combine(_dir, "n.agent.json")).Normalizer);
    }

    [Fact]
    public async Task A_fresh_agent_is_tanh_gaussian_and_from_keeps_the_start_agents_distribution_unless_told()
    {
        await Run(Tiny("crawler", "fresh.agent.json", 0));
        Assert.Equal(PolicyDistribution.TanhGaussian, AgentFile.Read(Path.Combine(_dir, "fresh.agent.json")).Distribution);
        await Run(Tiny("crawler", "raw.agent.json", 0, "--distribution", "gaussian"));
        var raw = Path.Combine(_dir, "raw.agent.json");
        Assert.Equal(PolicyDistribution.Gaussian, AgentFile.Read(raw).Distribution);
        await Run(Tiny("crawler-3leg", "kept.agent.json", 0, "--from", raw));
        Assert.Equal(PolicyDistribution.Gaussian, AgentFile.Read(Path.Combine(_dir, "kept.agent.json")).Distribution);
        await Run(Tiny("crawler-3leg", "told.agent.json", 0, "--from", raw, "--distribution", "tanh-gaussian"));
        Assert.Equal(PolicyDistribution.TanhGaussian, AgentFile.Read(Path.Combine(_dir, "told.agent.json")).Distribution);
    }

    [Theory]
    [InlineData("--population", "5", "--population must be even")]
    [InlineData("--task", "humanoid", "--task: Argument 'humanoid' not recognized")]
    [InlineData("--checkpoint", "c.json", "Unrecognized command or argument '--checkpoint'")]
    [InlineData("--distribution", "beta", "--distribution: Argument 'beta' not recognized. Must be one of: 'gaussian' 'tanh-gaussian'")]
    public async Task Bad_arguments_are_usage_errors(string option, string value, string message)
    {
        var args = Tiny("crawler", "x.agent.json").ToList();
        var at = args.IndexOf(option);
        if (at >= 0) args[at + 1] = value;
        else args.AddRange([option, value]);
        var e = await Refused([.. args]);
        Assert.Contains(message, e);
    }

    [Fact]
    public async Task A_missing_start_agent_is_named()
    {
        var missing = Path.Combine(_dir, "missing.agent.json");
        var e = await Fails(Tiny("crawler-3leg", "t.agent.json", "--from", missing));
        Assert.Contains(missing, e);
    }
}
