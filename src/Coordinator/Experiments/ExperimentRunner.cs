using EvoPo.Coordinator.Baselines;
using EvoPo.Coordinator.Cli;
using EvoPo.Coordinator.Config;
using EvoPo.Coordinator.Hosting;
using EvoPo.Coordinator.Runs;
using EvoPo.Coordinator.Search;

namespace EvoPo.Coordinator.Experiments;

/// <summary>
/// Drives the runs of an <see cref="ExperimentPlan"/> in order on one node (so the workers that joined it serve every
/// run): the validation sweeps, then the searches, then the held-out runs, and writes the table. A run already
/// finished in the journal is read, not run again; one stopped half-way is resumed; so running the same command again
/// after Ctrl-C or a kill continues the experiment where it stopped.
/// </summary>
public sealed class ExperimentRunner(ExperimentPlan plan, string configPath, string runsDirectory, NodeOptions node, ConsoleProgress console, bool verbose)
{
    private JournalOptions Journal => node.Journal ?? JournalOptions.Sqlite(RunFolder.DatabasePathOf(runsDirectory));

    public string Folder => Path.Combine(runsDirectory, plan.Id);

    public async Task<string> RunAsync(CancellationToken cancellation)
    {
        Directory.CreateDirectory(Folder);
        var configFile = Path.Combine(Folder, "experiment.yaml");
        var yaml = SearchConfigLoader.ToYaml(plan.Config);
        if (File.Exists(configFile) && await File.ReadAllTextAsync(configFile, cancellation) != yaml)
            throw new CliException($"experiment {plan.Id} exists with a different config ({configFile}); an experiment's config never changes: " +
                                   "pick another --id, or run it with the config it was started with");
        AtomicFile.WriteAllText(configFile, yaml);
        await JournalPreflight.CheckAsync(Journal, cancellation);
        await using var evoNode = await EvoPoNode.StartAsync(node, cancellation);

        var tuned = new Dictionary<BaselineColumn, IReadOnlyDictionary<BaselineName, TunedChoice.Point>>();
        var stages = plan.Columns.Count + plan.SearchColumns.Count + plan.Columns.Count;
        var stage = 0;
        foreach (var column in plan.Columns)
        {
            var sweep = await StageAsync(evoNode, ++stage, stages, plan.SweepRunId(column), plan.Sweep(column), $"validation sweep on {column.Label}", cancellation);
            tuned[column] = TunedChoice.From(sweep.ReportResults(), plan.Methods);
        }

        var cells = new List<ExperimentCell>();
        var discovered = new Dictionary<BaselineColumn, double[]>();
        // Every held-out run evaluates on the same episodes (the streams are the run seed's, not the column's).
        IReadOnlyList<(string Label, double Return)>? references = null;
        foreach (var column in plan.SearchColumns)
        {
            var search = await StageAsync(evoNode, ++stage, stages, plan.SearchRunId(column), plan.Search(column, Hyperparameters(tuned[column])),
                $"search on {column.Label}", cancellation);
            discovered[column] = search.Es.Mean;
            references ??= RunReport.References(search.Plan.ReportTraining, new RunFolder(runsDirectory, plan.SearchRunId(column)));
            cells.AddRange(Cells(search, column, label => label switch
            {
                SearchPlan.DiscoveredMean => ExperimentPlan.DiscoveredLabel(column),
                SearchPlan.SearchStart => ExperimentPlan.SearchStartLabel(column),
                SearchPlan.DiscoveredBest => null,
                _ => label,
            }));
        }

        foreach (var column in plan.Columns)
        {
            stage++;
            if (plan.HeldOut(column, Hyperparameters(tuned[column]), discovered) is not { } heldOut) continue;
            var run = await StageAsync(evoNode, stage, stages, plan.HeldOutRunId(column), heldOut, $"held-out table on {column.Label}", cancellation);
            references ??= RunReport.References(run.Plan.ReportTraining, new RunFolder(runsDirectory, plan.HeldOutRunId(column)));
            cells.AddRange(Cells(run, column, label => label));
        }

        var ordered = cells.OrderBy(c => RowOrder(c.Row)).ToArray();
        var markdown = ExperimentTable.Markdown(plan, ordered, tuned, references ?? []);
        AtomicFile.WriteAllText(Path.Combine(Folder, "table.md"), markdown);
        AtomicFile.WriteAllText(Path.Combine(Folder, "table.csv"), ExperimentTable.Csv(ordered));
        return markdown;
    }

    private static IReadOnlyDictionary<BaselineName, IReadOnlyDictionary<string, double>> Hyperparameters(
        IReadOnlyDictionary<BaselineName, TunedChoice.Point> tuned) =>
        tuned.ToDictionary(t => t.Key, t => t.Value.Hyperparameters);

    /// <summary>Baselines in config order, then the discovered objectives, then the search starts.</summary>
    private int RowOrder(string row)
    {
        var method = plan.Methods.Select(YamlNames.Of).ToList().IndexOf(row);
        return method >= 0 ? method : row.StartsWith("discovered", StringComparison.Ordinal) ? 1000 : 2000;
    }

    private static IEnumerable<ExperimentCell> Cells(SearchRunState state, BaselineColumn column, Func<string, string?> rowOf) =>
        state.ReportResults().GroupBy(r => r.Entry.Method).Select(g =>
        {
            var row = rowOf(g.Key);
            return row is null ? null : new ExperimentCell(row, g.First().Entry.Objective.Parameters is null, column.Key,
                g.OrderBy(r => r.Entry.SeedIndex).Select(r => r.Fitness).ToArray());
        }).OfType<ExperimentCell>();

    /// <summary>The finished state of one run of the experiment: read from the journal, resumed, or created and run.</summary>
    private async Task<SearchRunState> StageAsync(EvoPoNode evoNode, int index, int count, string runId, SearchConfig config, string what,
        CancellationToken cancellation)
    {
        var folder = new RunFolder(runsDirectory, runId);
        var yaml = SearchConfigLoader.ToYaml(config);
        if (folder.Exists && File.Exists(folder.ConfigPath) && await File.ReadAllTextAsync(folder.ConfigPath, cancellation) != yaml)
            throw new CliException($"run {runId} of experiment {plan.Id} exists with another config ({folder.ConfigPath}): " +
                                   "the experiment's inputs changed (config, agents or a finished run it depends on)");
        var replay = folder.Exists ? await RunJournalReader.ReplayAsync(folder, Journal, fromFirstEvent: false, cancellation) : null;
        if (replay?.Error is { } error) throw new CliException($"run {runId}: its journal cannot be read: {error}");
        var state = replay?.State;
        if (state?.Phase == RunPhase.Finished)
        {
            console.WriteLine($"[{index}/{count}] {what}: run {runId} is finished");
            return state;
        }
        if (state?.Phase == RunPhase.Failed)
            throw new CliException($"run {runId} ({what}) failed: {state.Failure?.Reason}");

        console.WriteLine($"[{index}/{count}] {what}: run {runId} {(state is null ? "starts" : "resumes")}");
        var create = state is null ? SearchSession.Prepare(config, configPath, folder, console) : null;
        using (var runLock = RunLock.TryAcquire(folder.LockPath)
                             ?? throw new CliException($"run {runId} is being driven by another process (lock {folder.LockPath})"))
        {
            var outcome = await SearchSession.RunOnAsync(evoNode, folder, create, new RunFolderOutputs(folder, console, verbose, console.Update),
                console, cancellation);
            if (!outcome.Succeeded) throw new CliException($"run {runId} ({what}) failed: {outcome.FailureReason}");
        }
        var finished = await RunJournalReader.ReplayAsync(folder, Journal, fromFirstEvent: false, cancellation);
        return finished.State ?? throw new CliException($"run {runId} finished but its journal holds no run: {finished.Error}");
    }
}
