using EvoPo.Coordinator.Config;
using EvoPo.Coordinator.Pretrain;
using EvoPo.Coordinator.Search;
using EvoPo.Messages;
using EvoPo.Messages.Search;
using EvoPo.Messages.Work;
using EvoPo.Simulation.Policies;

namespace EvoPo.Coordinator.Runs;

/// <summary>
/// The run-folder side of a pretraining run: it is a search run (<see cref="SearchSession"/> drives it) whose folder
/// holds the start agent, the policy template the workers roll candidates out with, and at the end the trained agent.
/// </summary>
public static class PretrainSession
{
    /// <summary>Writes config, start agent and policy template into a new run folder; the creation event starts at the template's parameters.</summary>
    /// <param name="from">The agent to adapt, or null for a fresh policy.</param>
    public static RunCreated Prepare(SearchConfig config, Agent? from, int obsDim, int actDim, RunFolder folder)
    {
        var settings = PretrainRun.SettingsOf(config);
        var start = PretrainRun.Start(settings, from, obsDim, actDim);
        var template = PretrainRun.Template(settings, start, fresh: from is null);
        folder.Create();
        var yaml = SearchConfigLoader.ToYaml(config);
        AtomicFile.WriteAllText(folder.ConfigPath, yaml);
        AgentFile.Write(folder.StartAgentPath, start);
        AgentFile.Write(folder.PolicyTemplatePath, template);
        return new RunCreated(folder.RunId, yaml, config.Run.Seed, "", start.ContentHash,
            Array.ConvertAll(template.Parameters.ToArray(), p => (double)p), DateTime.UtcNow, ProtocolVersion.Current);
    }

    /// <summary>The plan of a pretraining run, from its config and its folder's start agent.</summary>
    public static SearchPlan PlanFor(RunFolder folder, RunCreated created, SearchConfig config)
    {
        var settings = PretrainRun.SettingsOf(config);
        var start = SearchSession.ReadAgent(folder.StartAgentPath, "the run's start agent", folder.ConfigPath);
        if (start.ContentHash != created.AgentHash)
            throw new InvalidDataException($"run {created.RunId}: {folder.StartAgentPath} is not the agent it started from (hash {start.ContentHash[..12]}, journal {created.AgentHash[..12]})");
        var template = PretrainRun.Template(settings, start, fresh: config.Pretrain.From.Length == 0);
        var training = PretrainPlan.CreateTrainingPlan(settings, new ArtifactRef(template.ContentHash, folder.PolicyTemplatePath));
        return new SearchPlan(created.RunId, created.Seed, config, training,
            new PretrainPlan(settings, config.Pretrain.NormalizeObservations, template, training));
    }

    /// <summary>The policy template on disk (it may have been lost while the run was stopped): rewritten from the start agent when missing.</summary>
    public static void EnsureTemplate(RunFolder folder, PretrainPlan plan)
    {
        if (!File.Exists(folder.PolicyTemplatePath)) AgentFile.Write(folder.PolicyTemplatePath, plan.Template);
    }

    /// <summary>The trained agent of a run whose final evaluation is in: the ES mean with provenance and frozen normalization.</summary>
    public static Agent Trained(RunFolder folder, SearchRunState state)
    {
        var pretrain = state.Plan.Pretrain ?? throw new InvalidOperationException($"run {state.Created.RunId} is not a pretraining run");
        var final = state.ReportResults().Single();
        var start = state.Plan.Config.Pretrain.From.Length == 0 ? null : AgentFile.Read(folder.StartAgentPath);
        return PretrainRun.Trained(pretrain.Settings, pretrain.Template, start, state.Es, final.Fitness, state.Normalizer);
    }
}
