namespace EvoPo.Coordinator.Config;

/// <summary><c>task</c>: the environment.</summary>
public sealed record TaskConfig
{
    public TaskName Name { get; init; } = TaskName.Crawler3Leg;

    public int EpisodeLength { get; init; } = 100;

    internal void Validate()
    {
        ConfigChecks.InRange("task.episodeLength", EpisodeLength, 1, 100_000);
    }
}
