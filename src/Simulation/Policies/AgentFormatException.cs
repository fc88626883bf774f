namespace EvoPo.Simulation.Policies;

/// <summary>An agent file that cannot be used; the message names the file and the problem.</summary>
public sealed class AgentFormatException(string path, string problem)
    : Exception($"agent file '{path}': {problem}")
{
    public string Path { get; } = path;

    public string Problem { get; } = problem;
}
