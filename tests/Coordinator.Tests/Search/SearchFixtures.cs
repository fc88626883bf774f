using EvoPo.Coordinator.Config;
using EvoPo.Coordinator.Search;
using EvoPo.Messages;
using EvoPo.Messages.Search;
using EvoPo.Messages.Work;

namespace EvoPo.Coordinator.Tests.Search;

/// <summary>A small run (population 6, units of 4, 2 generations) and a deterministic fake fitness, for the pure search code.</summary>
internal static class SearchFixtures
{
    public const string RunId = "test-run";

    public static SearchConfig Config(int population = 6, int unitSize = 4, int generations = 2) => new SearchConfig
    {
        Es = new EsConfig { Population = population, Generations = generations, SnapshotEvery = 1 },
        Work = new WorkConfig { UnitSize = unitSize },
        Report = new ReportConfig { Baselines = [BaselineName.Sft, BaselineName.Orpo], Seeds = 2 },
    }.Validate();

    public static SearchPlan Plan(SearchConfig config) => new(RunId, 42, config,
        SearchPlan.CreateTrainingPlan(config, new ArtifactRef("d", "/nowhere/d"), new ArtifactRef("a", "/nowhere/a")));

    public static RunCreated Created(SearchConfig config) => new(RunId, SearchConfigLoader.ToYaml(config), 42, "d", "a",
        SearchPlan.ZeroMean(config), new DateTime(2026, 11, 23, 0, 0, 0, DateTimeKind.Utc), ProtocolVersion.Current);

    /// <summary>Fitness that depends on the candidate's parameters, like a real worker's.</summary>
    public static UnitCompleted Answer(WorkUnit unit) => new(unit.Id,
        unit.Candidates.Select(c => c.Objective.Parameters is { } p ? -p.Sum(x => (x - 0.1) * (x - 0.1)) : c.Index).ToArray(),
        1.0, 0.5, "fake");

    /// <summary>Drives a state through every event a real run would persist, recording them.</summary>
    public static List<object> RunToEnd(SearchRunState state, List<object>? journal = null)
    {
        journal ??= [];
        while (state.Phase is RunPhase.Searching or RunPhase.Reporting)
        {
            foreach (var unit in state.PendingUnits().ToArray())
            {
                var answer = Answer(unit);
                state.Apply(answer);
                journal.Add(answer);
            }
            if (state.Phase == RunPhase.Searching)
            {
                var generation = state.CompleteGeneration(1.0);
                state.Apply(generation);
                journal.Add(generation);
            }
            else
            {
                var finished = new RunFinished(state.Es.MeanDigest(), DateTime.UnixEpoch);
                state.Apply(finished);
                journal.Add(finished);
            }
        }
        return journal;
    }
}
