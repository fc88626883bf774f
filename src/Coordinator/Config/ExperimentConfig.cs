namespace EvoPo.Coordinator.Config;

/// <summary>
/// <c>experiment</c>: what <c>evopo experiment</c> searches (a search and <c>evopo baselines</c> ignore this section).
/// The experiment tunes every method of <c>baselines</c> on each of its columns, runs one search per column named
/// here, and judges everything on held-out seeds and episodes.
/// </summary>
public sealed record ExperimentConfig
{
    /// <summary>
    /// Columns to search on, by key: <c>base</c>, <c>mixed</c> or <c>noisy-ε</c> (e.g. <c>noisy-0.3</c>). None by default, so a
    /// config that narrows <c>baselines</c> stays valid; with none, an experiment is the tuned baselines table alone.
    /// </summary>
    public IReadOnlyList<string> Searches { get; init; } = [];

    internal void Validate(BaselinesConfig baselines)
    {
        var keys = Baselines.BaselineColumn.Of(baselines).Select(c => c.Key).ToArray();
        for (var i = 0; i < Searches.Count; i++)
            if (!keys.Contains(Searches[i]))
                throw new ConfigException($"experiment.searches[{i}]", $"'{Searches[i]}' is not a column of baselines.variants/noise; columns: {string.Join(", ", keys)}");
        if (Searches.Distinct().Count() != Searches.Count)
            throw new ConfigException("experiment.searches", "must not list a column twice");
    }

    public bool Equals(ExperimentConfig? other) => other is not null && Searches.SequenceEqual(other.Searches);

    public override int GetHashCode() => Searches.Count;
}
