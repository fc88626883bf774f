using System.Globalization;
using EvoPo.Coordinator.Search;
using EvoPo.Messages.Search;
using EvoPo.Simulation.Policies;

namespace EvoPo.Coordinator.Runs;

/// <summary>Writes a run's folder files and prints its progress; <see cref="Completion"/> ends when the run finishes or fails.</summary>
/// <param name="verbose">Also print one line per completed work unit.</param>
/// <param name="progress">Told (label, units done, units in all, search and report together) whenever a unit or generation completes.</param>
public sealed class RunFolderOutputs(RunFolder folder, TextWriter console, bool verbose, Action<string, double, double>? progress = null) : IRunOutputs
{
    private readonly TaskCompletionSource<RunOutcome> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile string? _lastProblem;

    public Task<RunOutcome> Completion => _completion.Task;

    /// <summary>Called once every unit of the run is in, before the report is written (the cluster bench stops its clock here).</summary>
    public Action? AllUnitsDone { get; init; }

    public void Started(SearchRunState state, bool resumed)
    {
        var es = state.Es;
        var what = resumed
            ? $"resumed at generation {es.Generation}/{state.Plan.Generations} with {state.CompletedUnits.Count} unit(s) of it already done"
            : $"started: {state.Plan.Generations} generations × {state.Plan.Config.Es.Population} candidates{Seeds(state.Plan)}, units of {state.Plan.UnitSize}";
        console.WriteLine($"run {state.Created.RunId} {what}");
        console.WriteLine($"  folder {folder.Folder}");
        // The folder's files may have been lost or damaged while the run was stopped; the journal has what they should say.
        if (resumed) JournaledFiles.Restore(folder, state, console);
        // A write that failed before (the process stopped there) is made good now, and a folder that still cannot be
        // written stops the resume at once instead of after the next generation's work.
        if (resumed && state.History.Count > 0) WriteHistory(state);
    }

    public void UnitCompleted(SearchRunState state, UnitCompleted unit)
    {
        Progress(state);
        if (!verbose) return;
        console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  unit {unit.Id.UnitIndex + 1}/{state.UnitCount} of generation {unit.Id.Generation} done ({state.CompletedUnits.Count} done): " +
            $"train {unit.TrainSeconds:F1} s, eval {unit.EvalSeconds:F1} s on {unit.Worker}"));
    }

    public void GenerationCompleted(SearchRunState state, GenerationCompleted g)
    {
        WriteHistory(state);
        console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"gen {g.Generation + 1,3}/{state.Plan.Generations}  fitness mean {g.MeanFitness,8:F2}  max {g.MaxFitness,8:F2}  min {g.MinFitness,8:F2}" +
            $"  failed {g.FailedCandidates}  σ {g.Sigma:F4}  {g.WallSeconds,6:F1} s (compute {g.ComputeSeconds:F1} s)"));
        if (state.Phase == RunPhase.Reporting)
            console.WriteLine(state.Plan.Pretrain is { } pretrain
                ? $"pretraining done; evaluating the agent on {pretrain.Settings.FinalEpisodes} held-out episodes..."
                : $"search done; training {state.ReportEntries.Count} agents for the report (discovered objective and baselines)...");
        Progress(state);
    }

    private void WriteHistory(SearchRunState state)
    {
        AtomicFile.WriteAllText(folder.HistoryPath, HistoryCsv.Format(state.History));
        AtomicFile.WriteAllText(folder.BestPath, BestJson.Build(state));
    }

    private void Progress(SearchRunState state)
    {
        if (progress is null) return;
        var plan = state.Plan;
        var perGeneration = plan.UnitCount(plan.GenerationAgents(plan.Config.Es.Population));
        var reportUnits = plan.UnitCount(state.ReportEntries.Count);
        var total = plan.Generations * perGeneration + reportUnits;
        if (state.Phase == RunPhase.Searching)
            progress($"generation {state.Es.Generation + 1}/{plan.Generations}, unit {state.CompletedUnits.Count}/{perGeneration}",
                state.Es.Generation * perGeneration + state.CompletedUnits.Count, total);
        else if (state.Phase == RunPhase.Reporting)
            progress($"report agents, unit {state.CompletedUnits.Count}/{reportUnits}",
                plan.Generations * perGeneration + state.CompletedUnits.Count, total);
    }

    public void ReportReady(SearchRunState state)
    {
        AllUnitsDone?.Invoke();
        AtomicFile.WriteAllText(folder.BestPath, BestJson.Build(state));
        if (state.Plan.Pretrain is not null)
        {
            var agent = PretrainSession.Trained(folder, state);
            AgentFile.Write(folder.PretrainedAgentPath, agent);
            console.WriteLine($"  agent {folder.PretrainedAgentPath} (hash {agent.ContentHash[..16]}): held-out return {agent.Provenance["fitness"]}");
            return;
        }
        RunReport.Write(state, folder, DateTime.UtcNow, console);
        foreach (var method in ReportWriter.Methods(state))
            console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {method.Method,-28} mean return {method.Mean,8:F2}"));
    }

    public void Finished(SearchRunState state)
    {
        console.WriteLine($"run {state.Created.RunId} finished; meanDigest {state.Es.MeanDigest()}");
        console.WriteLine(state.Plan.Pretrain is null ? $"  report {folder.ReportPath}" : $"  agent {folder.PretrainedAgentPath}");
        _completion.TrySetResult(new RunOutcome(true, state.Es.MeanDigest(), null));
    }

    public void Failed(string runId, string reason)
    {
        if (!_completion.TrySetResult(new RunOutcome(false, "", reason))) return;
        console.WriteLine($"run {runId} failed: {reason}");
        console.WriteLine($"  once the cause is fixed, try it again with: evopo resume {runId} --runs {folder.RunsDirectory} --retry");
    }

    public void Cancelled(string runId, string reason)
    {
        if (!_completion.TrySetResult(new RunOutcome(false, "", $"cancelled: {reason}"))) return;
        console.WriteLine($"run {runId} cancelled: {reason}");
    }

    public void Stopped(string runId, string reason)
    {
        if (!_completion.TrySetResult(new RunOutcome(false, "", reason))) return;
        console.WriteLine($"run {runId} stopped: {reason}");
        console.WriteLine($"  nothing journaled is lost; once that is fixed, continue with: evopo resume {runId} --runs {folder.RunsDirectory}");
    }

    /// <summary>The last problem that made the run restart (shown when the restarts give up), or null.</summary>
    public string? LastProblem => _lastProblem;

    public void Restarting(string runId, string reason)
    {
        _lastProblem = reason;
        console.WriteLine($"run {runId}: {reason}; restarting it from its journal");
    }

    private static string Seeds(SearchPlan plan) => plan.SeedsPerCandidate == 1 ? "" : $" × {plan.SeedsPerCandidate} training seeds";
}
