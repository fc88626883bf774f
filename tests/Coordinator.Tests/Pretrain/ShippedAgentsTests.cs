using EvoPo.Simulation.Evaluation;
using EvoPo.Simulation.Policies;
using EvoPo.Simulation.Tasks;
using Xunit.Abstractions;

namespace EvoPo.Coordinator.Tests.Pretrain;

/// <summary>The agents in agents/ (docs/tasks.md "Shipped agents"): the target must clearly beat the original on crawler-3leg.</summary>
public class ShippedAgentsTests(ITestOutputHelper output)
{
    internal static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Cluster.sln"))) return dir.FullName;
        throw new InvalidOperationException($"no Cluster.sln above {AppContext.BaseDirectory}");
    }

    private static (Agent Original, Agent Target) Load()
    {
        var root = RepoRoot();
        return (AgentFile.Read(Path.Combine(root, "agents", "crawler-original.agent.json")),
                AgentFile.Read(Path.Combine(root, "agents", "crawler-target.agent.json")));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Target_clearly_beats_original_on_crawler_3leg(bool deterministic)
    {
        var (original, target) = Load();
        Assert.Equal(BuiltInTasks.Crawler, original.Task);
        Assert.Equal(BuiltInTasks.Crawler3Leg, target.Task);
        var threeLeg = new PolicyEvaluator(BuiltInTasks.Get(BuiltInTasks.Crawler3Leg), 64, 3, deterministic).Evaluate([original, target]);
        var plain = new PolicyEvaluator(BuiltInTasks.Get(BuiltInTasks.Crawler), 64, 3, deterministic).Evaluate([original, target]);
        output.WriteLine($"crawler-3leg: original {threeLeg.MeanReturns[0]:F2}, target {threeLeg.MeanReturns[1]:F2}; " +
                         $"crawler: original {plain.MeanReturns[0]:F2}, target {plain.MeanReturns[1]:F2}");
        // Measured for the tanh-gaussian agents (64 episodes, seed 3): crawler-3leg original 24.2 / 20.8, target 74.7 / 73.5
        // (deterministic / sampled), a gap of 50.5–52.7; the bound is half of that.
        Assert.True(threeLeg.MeanReturns[1] - threeLeg.MeanReturns[0] > 25, "target should beat original on crawler-3leg by > 25");
        // And the original is the better agent on its own task (101.1 vs 78.7).
        Assert.True(plain.MeanReturns[0] - plain.MeanReturns[1] > 9, "original should beat target on crawler by > 9");
    }

    [Fact]
    public void Shipped_agents_are_small_and_record_how_they_were_made()
    {
        var (original, target) = Load();
        foreach (var agent in new[] { original, target })
        {
            Assert.Equal(new PolicyShape(9, [32, 32], 4), agent.Shape);
            Assert.Equal(PolicyDistribution.TanhGaussian, agent.Distribution);
            Assert.Equal(agent.Task, agent.Provenance["task"]);
            Assert.Contains("OpenAI-ES", agent.Provenance["trainer"]);
        }
        Assert.Equal(original.ContentHash, target.Provenance["start"]);
    }
}
