namespace EvoPo.Coordinator.Config;

/// <summary>Which agent preference training starts from (<c>agents.start</c>).</summary>
public enum StartAgent
{
    Original,
    Target,
}
