namespace EvoPo.Simulation.Tasks;

/// <summary>The tasks implemented in pure C#; MuJoCo tasks can register alongside them later.</summary>
public static class BuiltInTasks
{
    public const string Crawler = "crawler";
    public const string Crawler3Leg = "crawler-3leg";

    /// <summary>Penalty on a_3² in "crawler-3leg": large enough that the four-leg gait loses about a third of its return.</summary>
    public const double ThreeLegPenalty = 1.5;

    public static IReadOnlyList<string> Names { get; } = [Crawler, Crawler3Leg];

    public static TaskDescriptor Get(string name, int episodeLength = 100)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(episodeLength);
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
