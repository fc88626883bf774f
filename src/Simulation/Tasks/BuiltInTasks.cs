using EvoPo.Simulation.Tasks.Mujoco;

namespace EvoPo.Simulation.Tasks;

/// <summary>Every task by name: the pure C# crawlers and the MuJoCo tasks of <see cref="MujocoTasks"/> (hopper, ant, tla).</summary>
public static class BuiltInTasks
{
    public const string Crawler = "crawler";
    public const string Crawler3Leg = "crawler-3leg";

    /// <summary>Penalty on a_3² in "crawler-3leg": large enough that the four-leg gait loses about a third of its return.</summary>
    public const double ThreeLegPenalty = 1.5;

    public static IReadOnlyList<string> Names { get; } = [Crawler, Crawler3Leg, .. MujocoTasks.Names];

    public static TaskDescriptor Get(string name, int episodeLength = 100)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(episodeLength);
        if (MujocoTasks.Contains(name)) return MujocoTasks.Get(name, episodeLength);
        var config = name switch
        {
            Crawler => new CrawlerConfig { EpisodeLength = episodeLength },
            Crawler3Leg => new CrawlerConfig { EpisodeLength = episodeLength, LegPenalty = ThreeLegPenalty },
            _ => throw new ArgumentException($"unknown task '{name}'; valid tasks: {string.Join(", ", Names)}", nameof(name)),
        };
        return CreateCrawler(name, config);
    }

    public static TaskDescriptor CreateCrawler(string name, CrawlerConfig config) =>
        new(name, CrawlerEnvironment.ObservationSize, CrawlerEnvironment.Legs, config.EpisodeLength, n => new CrawlerEnvironment(n, config));
}
