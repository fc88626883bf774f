namespace EvoPo.Coordinator.Cli;

/// <summary>The command line itself is wrong; the CLI prints the message and the command's usage, exit code 2.</summary>
public sealed class UsageException(string command, string problem) : Exception($"evopo {command}: {problem}")
{
    public string CommandName { get; } = command;
}
