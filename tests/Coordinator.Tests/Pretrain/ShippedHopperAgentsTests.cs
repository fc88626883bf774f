using EvoPo.Simulation.Evaluation;
using EvoPo.Simulation.Policies;
using EvoPo.Simulation.Tasks;
using Xunit.Abstractions;

namespace EvoPo.Coordinator.Tests.Pretrain;

/// <summary>The MuJoCo Hopper agents in agents/ (docs/tasks.md): the expert hops, the bad agent stands.</summary>
public class ShippedHopperAgentsTests(ITestOutputHelper output)
{
    [Fact]
    public void The_expert_clearly_beats_the_bad_agent_on_hopper_and_was_trained_from_it()
    {
        var root = ShippedAgentsTests.RepoRoot();
        var bad = AgentFile.Read(Path.Combine(root, "agents", "hopper-bad.agent.json"));
        var expert = AgentFile.Read(Path.Combine(root, "agents", "hopper-expert.agent.json"));
        Assert.Equal("hopper", bad.Task);
        Assert.Equal("hopper", expert.Task);
        Assert.Equal(bad.ContentHash, expert.Provenance["start"]);
        Assert.Equal("1", expert.Provenance["aliveShift"]);

        // Sampled actions, as datasets are generated; 8 episodes of the paper's 1000 steps.
        var result = new PolicyEvaluator(BuiltInTasks.Get("hopper", 1000), 8, 3).Evaluate([bad, expert]);
        output.WriteLine($"hopper: bad {result.MeanReturns[0]:F1}, expert {result.MeanReturns[1]:F1}");
        // Measured (64 episodes, seed 3): bad ≈ 1049 (stands for 1000 steps), expert ≈ 2533 ± 680.
        Assert.InRange(result.MeanReturns[0], 900, 1150);
        Assert.True(result.MeanReturns[1] - result.MeanReturns[0] > 700, $"expert {result.MeanReturns[1]:F1} should beat bad {result.MeanReturns[0]:F1} by > 700");
    }
}
