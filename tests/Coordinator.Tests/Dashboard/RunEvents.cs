using EvoPo.Coordinator.Config;
using EvoPo.Messages.Search;
using EvoPo.Messages.Work;

namespace EvoPo.Coordinator.Tests.Dashboard;

/// <summary>Journal events of a small run (8 candidates in units of 2, 5 generations), as a search persists them.</summary>
internal static class RunEvents
{
    /// <param name="strategy">An <c>es.strategy</c> to name in the config; left out (the default, openai-es) when null.</param>
    public static RunCreated Created(string runId, string? strategy = null)
    {
        var config = SearchConfigLoader.Parse($$"""
            es: { population: 8, generations: 5{{(strategy is null ? "" : $", strategy: {strategy}")}} }
            work: { unitSize: 2 }
            """, "test config");
        return new RunCreated(runId, SearchConfigLoader.ToYaml(config), 7, "dataset", "agent", [0.0], new DateTime(2026, 11, 23, 6, 0, 0, DateTimeKind.Utc), 1);
    }

    public static UnitCompleted Unit(string runId, int generation, int unit, string worker, double train = 2, double eval = 1) =>
        new(new UnitId(runId, generation, unit), [40, 41], train, eval, worker);

    public static GenerationCompleted Generation(int generation, double mean, double max, double min, double sigma = 0.5) =>
        new(generation, "digest", mean, max, min, 0.1, 0, sigma, 3.5, 3.0);
}
