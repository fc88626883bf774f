using EvoPo.Coordinator.Config;
using EvoPo.Coordinator.Search;

namespace EvoPo.Coordinator.Runs;

/// <summary>
/// The files of a run folder that its journal determines: <c>config.yaml</c> (the config of its RunCreated event) and
/// <c>best.json</c> (the ES state after its last journaled generation). Resuming or reporting a run checks them against
/// the journal, which holds the truth, and rewrites one that is missing or wrong, keeping a wrong best.json beside it as
/// <c>best.json.invalid</c>. A config.yaml that differs is left as it is (a person may have edited it) and named: the
/// run keeps the journal's config.
/// </summary>
public static class JournaledFiles
{
    public const string InvalidSuffix = ".invalid";

    /// <summary>What is wrong with the run's best.json, measured against the journal's state, naming the file; null when it
    /// matches, or when it is missing before any generation completed (it is written with the first).</summary>
    public static string? BestJsonProblem(RunFolder folder, SearchRunState state)
    {
        var path = folder.BestPath;
        if (!File.Exists(path))
            return state.Es.Generation == 0 ? null : $"{path} is missing (the journal holds {state.Es.Generation} generation(s))";
        BestJson.Contents found;
        try
        {
            found = BestJson.Read(path);
        }
        catch (FormatException e)
        {
            return $"{path} is not a valid best.json: {e.Message}";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return $"{path} cannot be read: {e.Message}";
        }
        var mismatch = Mismatch(found, BestJson.Parse(BestJson.Build(state)));
        return mismatch is null ? null : $"{path} does not match the journal: {mismatch}";
    }

    /// <summary>
    /// Rewrites a missing config.yaml and a missing or wrong best.json from the journal's state and says so on
    /// <paramref name="log"/>; names a config.yaml that differs. Never throws: a file that cannot be written is named
    /// on the log, and the run goes on (its journal, not these files, is what it resumes from).
    /// </summary>
    public static void Restore(RunFolder folder, SearchRunState state, TextWriter log)
    {
        try
        {
            RestoreConfig(folder, state, log);
            if (BestJsonProblem(folder, state) is not { } problem) return;
            var kept = File.Exists(folder.BestPath) ? $" (the old file is kept as {Path.GetFileName(folder.BestPath)}{InvalidSuffix})" : "";
            if (kept.Length > 0) File.Move(folder.BestPath, folder.BestPath + InvalidSuffix, overwrite: true);
            AtomicFile.WriteAllText(folder.BestPath, BestJson.Build(state));
            log.WriteLine($"{problem}; rewrote it from the journal{kept}");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            log.WriteLine($"run {folder.RunId}: could not restore its files from the journal: {e.Message}");
        }
    }

    private static void RestoreConfig(RunFolder folder, SearchRunState state, TextWriter log)
    {
        var stored = state.Created.ConfigYaml;
        if (!File.Exists(folder.ConfigPath))
        {
            AtomicFile.WriteAllText(folder.ConfigPath, stored);
            log.WriteLine($"{folder.ConfigPath} was missing; restored it from the journal");
            return;
        }
        string? difference;
        try
        {
            var found = SearchConfigLoader.Load(folder.ConfigPath);
            var differences = ConfigDifference.Between(state.Plan.Config, found);
            difference = differences.Count == 0 ? null : ConfigDifference.Describe(differences);
        }
        catch (ConfigException e)
        {
            difference = $"it is not a valid config ({e.Message})";
        }
        if (difference is not null)
            log.WriteLine($"{folder.ConfigPath} differs from the config in the journal ({difference}); the run keeps the journal's: a run's config never changes");
    }

    private static string? Mismatch(BestJson.Contents found, BestJson.Contents expected)
    {
        if (found.RunId != expected.RunId) return $"it is run {found.RunId ?? "(none)"}'s, not run {expected.RunId}'s";
        if (found.GenerationsCompleted != expected.GenerationsCompleted)
            return $"it is from generation {found.GenerationsCompleted?.ToString() ?? "(none)"}, the journal holds {expected.GenerationsCompleted}";
        if (found.Objective != expected.Objective) return $"its objective is {found.Objective}, the run searches {expected.Objective}";
        if (found.Hyperparameters.Count != expected.Hyperparameters.Count
            || found.Hyperparameters.Any(kv => !expected.Hyperparameters.TryGetValue(kv.Key, out var v) || v != kv.Value))
            return "its hyperparameters differ from the run's";
        if (!found.Mean.AsSpan().SequenceEqual(expected.Mean)) return "its ES mean differs from the journal's";
        if (found.BestFitness != expected.BestFitness || !(found.Best ?? []).AsSpan().SequenceEqual(expected.Best ?? []))
            return "its best candidate differs from the journal's";
        return null;
    }
}
