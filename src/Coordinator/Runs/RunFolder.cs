using System.Text.RegularExpressions;

namespace EvoPo.Coordinator.Runs;

/// <summary>
/// The files of one run under the runs directory. The run's identity and history live in the journal
/// (<see cref="DatabasePath"/>, shared by all runs of the directory); these files are its inputs and readable outputs.
/// </summary>
public sealed partial class RunFolder
{
    public RunFolder(string runsDirectory, string runId)
    {
        if (!IdPattern().IsMatch(runId))
            throw new ArgumentException($"'{runId}' is not a run id (letters, digits, '-' and '_', at most 64)");
        RunsDirectory = Path.GetFullPath(runsDirectory);
        RunId = runId;
        Folder = System.IO.Path.Combine(RunsDirectory, runId);
    }

    public string RunsDirectory { get; }

    public string RunId { get; }

    public string Folder { get; }

    public string ConfigPath => File(ConfigFileName);

    public string DatasetPath => File("dataset.evopods");

    public const string StartAgentFileName = "start.agent.json";

    public const string ConfigFileName = "config.yaml";

    public string StartAgentPath => File(StartAgentFileName);

    /// <summary>The target-task agent, kept only as the report's reference point.</summary>
    public string TargetAgentPath => File("target.agent.json");

    /// <summary>A pretraining run's policy template: shape, std floor and distribution of every candidate (workers fetch it by hash).</summary>
    public string PolicyTemplatePath => File("policy.agent.json");

    /// <summary>A pretraining run's result: the trained agent, written when the run finishes.</summary>
    public string PretrainedAgentPath => File("pretrained.agent.json");

    public string HistoryPath => File("history.csv");

    public string BestPath => File("best.json");

    public string ReportPath => File("report.md");

    public const string LockFileName = "run.lock";

    public string LockPath => File(LockFileName);

    public string DatabasePath => DatabasePathOf(RunsDirectory);

    public bool Exists => Directory.Exists(Folder);

    public static string DatabasePathOf(string runsDirectory) => System.IO.Path.Combine(Path.GetFullPath(runsDirectory), "evopo.db");

    /// <summary>Sortable by start time, unique by a random suffix (the id is a name, not part of the search's randomness).</summary>
    public static string NewRunId(DateTime utcNow) => $"{utcNow:yyyyMMdd-HHmmss}-{Guid.NewGuid().ToString("N")[..6]}";

    /// <summary>Whether a name can be a run id (e.g. a folder of the runs directory that is a run's).</summary>
    public static bool IsRunId(string name) => IdPattern().IsMatch(name);

    /// <summary>Ids of the folders of a runs directory that hold a config.yaml: the runs prepared there (whether or not the
    /// journal holds them). Folders of other kinds (baselines-*, experiments) have none.</summary>
    public static IEnumerable<string> IdsWithConfigIn(string runsDirectory) =>
        !Directory.Exists(runsDirectory) ? [] : Directory.EnumerateDirectories(runsDirectory)
            .Select(d => System.IO.Path.GetFileName(d))
            .Where(name => IsRunId(name) && System.IO.File.Exists(System.IO.Path.Combine(runsDirectory, name, "config.yaml")));

    public void Create() => Directory.CreateDirectory(Folder);

    private string File(string name) => System.IO.Path.Combine(Folder, name);

    [GeneratedRegex("^[A-Za-z0-9_-]{1,64}$")]
    private static partial Regex IdPattern();
}
