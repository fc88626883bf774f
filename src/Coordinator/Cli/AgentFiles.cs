using EvoPo.Simulation.Policies;

namespace EvoPo.Coordinator.Cli;

/// <summary>Agent file reads and writes for commands: every failure becomes a <see cref="CliException"/> naming the file.</summary>
internal static class AgentFiles
{
    /// <param name="role">What the file is for, e.g. "--original agent".</param>
    public static Agent Read(string path, string role)
    {
        if (!File.Exists(path))
            throw new CliException($"{role} file '{path}' does not exist" + (Directory.Exists(path) ? " (it is a directory)" : ""));
        try
        {
            return AgentFile.Read(path);
        }
        catch (AgentFormatException e)
        {
            throw new CliException($"{role}: {e.Message}", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliException($"{role} file '{path}' cannot be read ({e.Message})", e);
        }
    }

    /// <summary>Refuses an agent whose observation or action size is not the task's, naming both.</summary>
    public static void EnsureFits(Agent agent, string path, string role, Simulation.Tasks.TaskDescriptor task)
    {
        if (agent.Shape.ObsDim != task.ObsDim || agent.Shape.ActDim != task.ActDim)
            throw new CliException($"{role} agent '{path}' has shape {agent.Shape}, which does not fit task {task.Name} (obs {task.ObsDim}, act {task.ActDim})");
    }

    public static void Write(string path, Agent agent)
    {
        try
        {
            var directory = Path.GetDirectoryName(Path.GetFullPath(path));
            if (directory is not null) Directory.CreateDirectory(directory);
            AgentFile.Write(path, agent);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliException($"cannot write agent file '{path}' ({e.Message})", e);
        }
    }
}
