namespace EvoPo.Coordinator.Config;

/// <summary><c>agents</c>: agent files, relative to the repository root or working directory.</summary>
public sealed record AgentsConfig
{
    /// <summary>Agent trained on the plain task.</summary>
    public string Original { get; init; } = "agents/crawler-original.agent.json";

    /// <summary>Agent trained on the target task.</summary>
    public string Target { get; init; } = "agents/crawler-target.agent.json";

    /// <summary>The agent preference training starts from.</summary>
    public StartAgent Start { get; init; } = StartAgent.Original;

    internal void Validate()
    {
        ConfigChecks.NotBlank("agents.original", Original);
        ConfigChecks.NotBlank("agents.target", Target);
    }
}
