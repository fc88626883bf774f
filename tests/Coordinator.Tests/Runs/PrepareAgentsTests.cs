using EvoPo.Coordinator.Cli;
using EvoPo.Coordinator.Config;
using EvoPo.Coordinator.Runs;
using EvoPo.Simulation.Policies;

namespace EvoPo.Coordinator.Tests.Runs;

public sealed class PrepareAgentsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("evopo-prepare-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void A_target_agent_of_another_shape_than_the_task_is_refused_before_the_run_folder_is_made()
    {
        var shape = new PolicyShape(5, [8], 2);
        var wrong = Path.Combine(_dir, "wrong.agent.json");
        AgentFile.Write(wrong, new Agent("crawler", shape, 0.05, GaussianMlp.InitParameters(shape, 1)));
        var original = Path.Combine(_dir, "original.agent.json");
        var good = new PolicyShape(9, [8], 4);
        AgentFile.Write(original, new Agent("crawler", good, 0.05, GaussianMlp.InitParameters(good, 1)));
        var config = new SearchConfig { Agents = new AgentsConfig { Original = original, Target = wrong } }.Validate();
        var folder = new RunFolder(Path.Combine(_dir, "runs"), "r1");

        var ex = Assert.Throws<CliException>(() => SearchSession.Prepare(config, Path.Combine(_dir, "c.yaml"), folder, TextWriter.Null));
        Assert.Contains("agents.target", ex.Message);
        Assert.False(folder.Exists);
    }
}
