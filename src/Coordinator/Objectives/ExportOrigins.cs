using System.Globalization;
using EvoPo.Coordinator.Config;
using EvoPo.Coordinator.Runs;
using EvoPo.GpuWorker.Export;

namespace EvoPo.Coordinator.Objectives;

/// <summary>
/// What an exported file says about where its objective comes from (<see cref="ExportOrigin"/>): for a best.json, its run
/// (id, generations, meanDigest, dataset and agent hashes) and, from the run's config.yaml beside it, what was searched on
/// which task and dataset; for a catalog objective, its name and hyperparameters. With the <c>evopo objective eval</c>
/// command whose numbers the export reproduces.
/// </summary>
public static class ExportOrigins
{
    public static ExportOrigin Of(ObjectiveChoice choice)
    {
        var reads = PythonLosses.For(choice.Spec.Name).ReadsLogProbMax;
        var logProbMax = reads ? $" --log-prob-max {choice.LogProbMax.ToString("R", CultureInfo.InvariantCulture)}" : "";
        var hp = choice.Overrides.Count == 0 ? "" : $" --hp {string.Join(",", choice.Overrides.Select(kv => $"{kv.Key}={R(kv.Value)}"))}";
        if (choice.Best is not { } best)
        {
            var eval = $"evopo objective eval --objective {choice.Spec.Name}{hp}{logProbMax} --pairs pairs.csv";
            return new ExportOrigin($"EvoPO's catalog objective {choice.Label}", [], choice.LogProbMaxSource, eval);
        }

        var (path, contents, use) = best;
        var useMean = use == "mean";
        var runId = contents.RunId ?? "(run id not recorded)";
        var vector = useMean
            ? $"its final ES mean{(contents.GenerationsCompleted is { } g ? $" after {g} generation{(g == 1 ? "" : "s")}" : "")}"
            : $"its best single candidate{(contents.BestFitness is { } f ? $" (fitness {F(f)})" : "")}";
        var facts = new List<string> { Searched(path, contents) };
        facts.Add($"Run {runId}: {(contents.GenerationsCompleted is { } done ? $"{done} generations completed; " : "")}" +
                  $"meanDigest {contents.MeanDigest ?? "not recorded"} (SHA-256 of the final ES mean's float64 bytes); " +
                  $"dataset {contents.DatasetHash ?? "not recorded"}, start agent {contents.AgentHash ?? "not recorded"}.");
        facts.Add(useMean
            ? "Exported vector: the final ES mean (--use mean), what the run's report trains as \"discovered (ES mean)\"."
            : $"Exported vector: the best single candidate the search evaluated (--use best){(contents.BestFitness is { } fit ? $", fitness {F(fit)}" : "")}.");
        if (choice.Overrides.Count > 0)
            facts.Add($"Hyperparameters overridden at export (--hp): {string.Join(", ", choice.Overrides.Select(kv => $"{kv.Key} = {R(kv.Value)}"))}.");
        var command = $"evopo objective eval --best {path} --use {(useMean ? "mean" : "best")}{hp}{logProbMax} --pairs pairs.csv";
        return new ExportOrigin($"The {choice.Spec.Name} loss discovered by EvoPO run {runId}: {vector}", facts, choice.LogProbMaxSource, command);
    }

    /// <summary>What the run searched, from its config.yaml beside the best.json (a run folder holds both).</summary>
    private static string Searched(string bestPath, BestJson.Contents contents)
    {
        var configPath = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(bestPath)) ?? ".", RunFolder.ConfigFileName);
        if (!File.Exists(configPath))
            return $"What was searched is not recorded here: no {RunFolder.ConfigFileName} beside the best.json (a run folder holds both).";
        SearchConfig config;
        try
        {
            config = SearchConfigLoader.Load(configPath);
        }
        catch (ConfigException e)
        {
            return $"What was searched is not recorded here: {e.Message}";
        }
        var dataset = config.Dataset;
        return $"Searched: a {ReportWriter.Describe(config.Objective)} objective, with OpenAI-ES (population {config.Es.Population}, " +
               $"{config.Es.Generations} generations, σ₀ = {R(config.Es.Sigma0)}), on task {YamlNames.Of(config.Task.Name)} " +
               $"({config.Task.EpisodeLength}-step episodes), from a {YamlNames.Of(dataset.Variant)} preference dataset of {dataset.Pairs} pairs " +
               $"(label noise {R(dataset.Noise)}, judge temperature {R(dataset.Temperature)}, seed {dataset.Seed}). A candidate's fitness: the mean " +
               $"true return of an agent trained with it ({config.Training.Epochs} epochs, minibatch {config.Training.MinibatchPairs} pairs, " +
               $"lr {R(config.Training.LearningRate)}) over {config.Evaluation.Episodes} evaluation episodes.";
    }

    private static string R(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static string F(double value) => value.ToString("0.00", CultureInfo.InvariantCulture);
}
