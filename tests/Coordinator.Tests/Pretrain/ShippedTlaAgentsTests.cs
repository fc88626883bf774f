using EvoPo.Simulation.Evaluation;
using EvoPo.Simulation.Policies;
using EvoPo.Simulation.Tasks;
using Xunit.Abstractions;

namespace EvoPo.Coordinator.Tests.Pretrain;

/// <summary>
/// The Ant original and TLA target in agents/ (docs/tasks.md): the target, adapted from the original, does better on
/// TLA with the sampled actions datasets are built from, and the original does better on plain Ant.
/// </summary>
public class ShippedTlaAgentsTests(ITestOutputHelper output)
{
    [Fact]
    public void The_target_beats_the_original_on_tla_and_was_adapted_from_it()
    {
        var root = ShippedAgentsTests.RepoRoot();
        var original = AgentFile.Read(Path.Combine(root, "agents", "ant-original.agent.json"));
        var target = AgentFile.Read(Path.Combine(root, "agents", "tla-target.agent.json"));
        Assert.Equal("ant", original.Task);
        Assert.Equal("tla", target.Task);
        Assert.Equal(original.ContentHash, target.Provenance["start"]);

        // 16 sampled episodes of the paper's 1000 steps per agent and task. Measured over 1280 episodes each (the
        // paper-scale TLA dataset): target 818.6, original 718.8 on TLA.
        var tla = new PolicyEvaluator(BuiltInTasks.Get("tla", 1000), 16, 3).Evaluate([original, target]);
        var ant = new PolicyEvaluator(BuiltInTasks.Get("ant", 1000), 16, 3).Evaluate([original, target]);
        output.WriteLine($"tla: original {tla.MeanReturns[0]:F1}, target {tla.MeanReturns[1]:F1}; ant: original {ant.MeanReturns[0]:F1}, target {ant.MeanReturns[1]:F1}");
        Assert.True(tla.MeanReturns[1] > tla.MeanReturns[0] + 50, $"on tla the target {tla.MeanReturns[1]:F1} should beat the original {tla.MeanReturns[0]:F1} by > 50");
        Assert.True(ant.MeanReturns[0] > 1000, $"the original should walk on ant (sampled return {ant.MeanReturns[0]:F1}, measured ≈ 1441)");
    }
}
