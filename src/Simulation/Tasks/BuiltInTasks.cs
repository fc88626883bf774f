using EvoPo.Simulation.Tasks.Ilgpu;
using EvoPo.Simulation.Tasks.Mujoco;

namespace EvoPo.Simulation.Tasks;

/// <summary>Every task by name: the pure C# tasks (crawlers, hopper-lite; also as ILGPU kernels) and the MuJoCo tasks of <see cref="MujocoTasks"/> (hopper, ant, tla).</summary>
public static class BuiltInTasks
{
    public const string Crawler = "crawler";
    public const string Crawler3Leg = "crawler-3leg";
    public const string HopperLite = "hopper-lite";

    /// <summary>Penalty on a_3² in "crawler-3leg": large enough that the four-leg gait loses about a third of its return.</summary>
    public const double ThreeLegPenalty = 1.5;

    public static IReadOnlyList<string> Names { get; } = [Crawler, Crawler3Leg, HopperLite, .. MujocoTasks.Names];

    /// <summary>The task <paramref name="name"/>; its batches step on <paramref name="backend"/> (plain C# by default).</summary>
    public static TaskDescriptor Get(string name, int episodeLength = 100, SimulationBackend backend = SimulationBackend.Cpu)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(episodeLength);
        if (MujocoTasks.Contains(name))
            return backend == SimulationBackend.Cpu ? MujocoTasks.Get(name, episodeLength)
                : throw new ArgumentException($"task '{name}' has no {backend} backend; only the built-in C# tasks run on ILGPU", nameof(backend));
        return name switch
        {
            Crawler => CreateCrawler(name, new CrawlerConfig { EpisodeLength = episodeLength }, backend),
            Crawler3Leg => CreateCrawler(name, new CrawlerConfig { EpisodeLength = episodeLength, LegPenalty = ThreeLegPenalty }, backend),
            HopperLite => CreateHopperLite(name, new HopperLiteConfig { EpisodeLength = episodeLength }, backend),
            _ => throw new ArgumentException($"unknown task '{name}'; valid tasks: {string.Join(", ", Names)}", nameof(name)),
        };
    }

    public static TaskDescriptor CreateCrawler(string name, CrawlerConfig config, SimulationBackend backend = SimulationBackend.Cpu) =>
        new(name, CrawlerEnvironment.ObservationSize, CrawlerEnvironment.Legs, config.EpisodeLength, backend switch
        {
            SimulationBackend.Ilgpu => n => new IlgpuCrawlerEnvironment(n, config),
            _ => n => new CrawlerEnvironment(n, config),
        });

    public static TaskDescriptor CreateHopperLite(string name, HopperLiteConfig config, SimulationBackend backend = SimulationBackend.Cpu) =>
        new(name, HopperLiteEnvironment.ObservationSize, HopperLiteEnvironment.Actions, config.EpisodeLength, backend switch
        {
            SimulationBackend.Ilgpu => n => new IlgpuHopperLiteEnvironment(n, config),
            _ => n => new HopperLiteEnvironment(n, config),
        });
}
