using EvoPo.Coordinator.Runs;

namespace EvoPo.Coordinator.Cli;

/// <summary>Finds a run folder named on the command line, with an error that says where it looked.</summary>
public static class RunLookup
{
    public static RunFolder Existing(string runsDirectory, string runId)
    {
        RunFolder folder;
        try
        {
            folder = new RunFolder(runsDirectory, runId);
        }
        catch (ArgumentException e)
        {
            throw new CliException(e.Message);
        }
        if (!folder.Exists)
            throw new CliException($"no run '{runId}' in {folder.RunsDirectory} (pass --runs DIR if it was started elsewhere)");
        return folder;
    }
}
