using EvoPo.Coordinator.Config;
using EvoPo.Coordinator.Pretrain;
using EvoPo.Coordinator.Search;
using EvoPo.GpuWorker.Node;
using EvoPo.Messages;
using EvoPo.Messages.Search;
using EvoPo.Messages.Work;
using EvoPo.Simulation.Policies;
using EvoPo.Simulation.Tasks;

namespace EvoPo.Coordinator.Tests.Pretrain;

/// <summary>
/// A pretraining run through the search engine's pure parts, without actors or a journal: the run's config read back
/// from its canonical YAML, <see cref="SearchRunState"/> asking for units, <see cref="PolicyUnit"/> rolling each out as a
/// worker would, and the state folding the results in — what the SearchRun actor does, in one thread.
/// </summary>
internal static class PretrainDriver
{
    /// <param name="stopAfter">Called with the state after every generation; true stops there (the state is returned unfinished).</param>
    public static (Agent? Agent, SearchRunState State) Run(PretrainSettings settings, Agent? start = null, bool normalize = false, int unitSize = 8,
        Func<SearchRunState, bool>? stopAfter = null, SearchRunState? resume = null)
    {
        var state = resume ?? Start(settings, start, normalize, unitSize);
        var template = state.Plan.Pretrain!.Template;
        while (state.Phase is RunPhase.Searching or RunPhase.Reporting)
        {
            foreach (var unit in state.PendingUnits().ToArray())
            {
                var result = PolicyUnit.Run(unit, template, "driver");
                state.Apply(new UnitCompleted(result.Id, result.Fitness, result.TrainSeconds, result.EvalSeconds, result.Worker, 1, 0, result.Observations));
            }
            if (state.Phase == RunPhase.Reporting) break;
            state.Apply(state.CompleteGeneration(0));
            if (stopAfter?.Invoke(state) == true) return (null, state);
        }
        var agent = PretrainRun.Trained(settings, template, start, state.Es, state.ReportResults().Single().Fitness, state.Normalizer);
        return (agent, state);
    }

    public static SearchRunState Start(PretrainSettings settings, Agent? start, bool normalize, int unitSize)
    {
        var task = BuiltInTasks.Get(settings.Task, settings.EpisodeLength);
        var yaml = SearchConfigLoader.ToYaml(PretrainRun.ConfigFor(settings, start is null ? null : "start.agent.json", normalize, unitSize));
        var config = SearchConfigLoader.Parse(yaml, "driver");
        var read = PretrainRun.SettingsOf(config);
        var startAgent = PretrainRun.Start(read, start, task.ObsDim, task.ActDim);
        var template = PretrainRun.Template(read, startAgent, start is null);
        var training = PretrainPlan.CreateTrainingPlan(read, new ArtifactRef(template.ContentHash, ""));
        var created = new RunCreated("driver", yaml, read.Seed, "", startAgent.ContentHash,
            Array.ConvertAll(template.Parameters.ToArray(), p => (double)p), DateTime.UnixEpoch, ProtocolVersion.Current);
        return SearchRunState.Start(created, new SearchPlan("driver", read.Seed, config, training, new PretrainPlan(read, normalize, template, training)));
    }
}
