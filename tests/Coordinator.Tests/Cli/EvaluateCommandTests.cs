using System.Text.Json;
using EvoPo.Coordinator.Tests.Objectives;

namespace EvoPo.Coordinator.Tests.Cli;

/// <summary><c>evopo evaluate</c> on the shipped crawler agents: the figures docs/tasks.md quotes can be checked by anyone.</summary>
public sealed class EvaluateCommandTests
{
    private static readonly string Agents = Path.Combine(PyTorchExportEqualityTests.Root, "agents");

    private static async Task<JsonElement> EvaluateAsync(string agent, params string[] extra)
    {
        var result = await Evopo.RunAsync(["evaluate", "--agent", Path.Combine(Agents, agent), "--task", "crawler-3leg", "--episodes", "8", "--json", .. extra]);
        Assert.True(result.Code == 0, result.Error);
        return JsonDocument.Parse(result.Output).RootElement;
    }

    [Fact]
    public async Task The_target_agent_walks_far_better_than_the_original_on_the_three_legged_crawler()
    {
        var target = await EvaluateAsync("crawler-target.agent.json");
        var original = await EvaluateAsync("crawler-original.agent.json");

        Assert.Equal("sampled", target.GetProperty("actions").GetString());
        Assert.Equal(8, target.GetProperty("episodes").GetInt32());
        Assert.InRange(target.GetProperty("meanReturn").GetDouble(), 60, 90);
        Assert.InRange(original.GetProperty("meanReturn").GetDouble(), 0, 40);
        Assert.True(target.GetProperty("stdError").GetDouble() > 0);
    }

    [Fact]
    public async Task The_same_seed_gives_the_same_number_and_another_seed_other_episodes()
    {
        var first = (await EvaluateAsync("crawler-target.agent.json", "--seed", "5")).GetProperty("meanReturn").GetDouble();
        var again = (await EvaluateAsync("crawler-target.agent.json", "--seed", "5")).GetProperty("meanReturn").GetDouble();
        var other = (await EvaluateAsync("crawler-target.agent.json", "--seed", "6")).GetProperty("meanReturn").GetDouble();

        Assert.Equal(first, again);
        Assert.NotEqual(first, other);
    }

    [Fact]
    public async Task An_agent_of_another_task_or_no_agent_is_refused_with_one_line()
    {
        var wrongShape = await Evopo.FailureAsync("evaluate", "--agent", Path.Combine(Agents, "hopper-lite-expert.agent.json"), "--task", "crawler-3leg");
        Assert.Contains("which does not fit task crawler-3leg", wrongShape);

        var missing = await Evopo.UsageErrorAsync("evaluate", "--task", "crawler-3leg");
        Assert.Contains("--agent", missing);
    }
}
