using EvoPo.Coordinator.Pretrain;
using EvoPo.Simulation.Tasks;

namespace EvoPo.Coordinator.Tests.Pretrain;

public sealed class PretrainEngineTests
{
    private static PretrainSettings Tiny(string task = BuiltInTasks.Crawler) => new()
    {
        Task = task, EpisodeLength = 20, Hidden = [8], Generations = 3, Population = 6, Episodes = 2, FinalEpisodes = 3, Seed = 5, Threads = 2,
    };

    [Fact]
    public void The_engine_trains_the_same_agent_as_the_former_in_process_loop()
    {
        var old = AgentPretrainer.Run(Tiny() with { AliveShift = 0.5 });
        var engine = PretrainDriver.Run(Tiny() with { AliveShift = 0.5 }, unitSize: 4).Agent!;
        Assert.Equal(old.Agent.ContentHash, engine.ContentHash);
        Assert.Equal(old.Agent.Provenance.OrderBy(kv => kv.Key), engine.Provenance.OrderBy(kv => kv.Key));
        var adapted = AgentPretrainer.Run(Tiny(BuiltInTasks.Crawler3Leg) with { LogStdInit = -1.5 }, old.Agent);
        var adaptedByEngine = PretrainDriver.Run(Tiny(BuiltInTasks.Crawler3Leg) with { LogStdInit = -1.5 }, engine).Agent!;
        Assert.Equal(adapted.Agent.ContentHash, adaptedByEngine.ContentHash);
        Assert.Equal(adapted.Agent.Provenance.OrderBy(kv => kv.Key), adaptedByEngine.Provenance.OrderBy(kv => kv.Key));
    }
}
