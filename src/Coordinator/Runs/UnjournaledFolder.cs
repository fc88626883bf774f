using EvoPo.Simulation.Files;

namespace EvoPo.Coordinator.Runs;

/// <summary>
/// Whether a new run may be prepared in a run folder whose id the journal does not hold. Preparing writes config.yaml,
/// the agents and the dataset, so it may only go where it overwrites nothing of value: a missing or empty folder, or the
/// leftovers of a preparation of the same config that died before the run was journaled (preparing again rebuilds the
/// same files from the same config). Anything else (outputs of a run whose journal is gone, another config, files a
/// person put there) is never overwritten without <c>search --overwrite</c>.
/// </summary>
public static class UnjournaledFolder
{
    public const string OverwriteFlag = "--overwrite";

    /// <summary>The names a preparation writes, the lock its drive takes, and the temporary files of their atomic writes.</summary>
    private static readonly string[] PreparationFiles = ["config.yaml", "start.agent.json", "target.agent.json", "dataset.evopods", "run.lock"];

    /// <param name="configYaml">The new run's config as <see cref="Config.SearchConfigLoader.ToYaml"/> writes it.</param>
    /// <param name="journal">How to name the journal in the message ("the journal /data/runs/evopo.db").</param>
    /// <returns>Null when preparing there loses nothing; otherwise why not, naming what is there and the flag that allows it.</returns>
    public static string? Refusal(RunFolder folder, string configYaml, string journal)
    {
        if (!folder.Exists) return null;
        var entries = Directory.EnumerateFileSystemEntries(folder.Folder).Select(e => Path.GetFileName(e)).Order(StringComparer.Ordinal).ToArray();
        if (entries.Length == 0 || IsInterruptedPreparation(folder, entries, configYaml)) return null;
        var shown = string.Join(", ", entries.Take(6)) + (entries.Length > 6 ? $" and {entries.Length - 6} more" : "");
        return $"run folder {folder.Folder} is not empty ({shown}) but {journal} holds no run '{folder.RunId}': a new search there " +
               $"would overwrite it. Move the folder away or pick another --run-id; or pass {OverwriteFlag} to delete its contents " +
               "and start a new run in it";
    }

    /// <summary>Empties the folder for a new run (<c>--overwrite</c>): nothing of an earlier run may mix with the new one's files.</summary>
    public static void Clear(RunFolder folder)
    {
        if (folder.Exists) Directory.Delete(folder.Folder, recursive: true);
    }

    private static bool IsInterruptedPreparation(RunFolder folder, string[] entries, string configYaml) =>
        entries.All(name => PreparationFiles.Contains(name) || name.Contains(".tmp", StringComparison.Ordinal))
        && File.Exists(folder.ConfigPath)
        && ReadConfig(folder.ConfigPath) == configYaml;

    private static string? ReadConfig(string path)
    {
        try
        {
            return BoundedFile.ReadAllText(path, Config.SearchConfigLoader.MaxBytes, "a search config");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
