namespace EvoPo.Coordinator.Config;

/// <summary><c>evaluation</c>: how a trained agent's fitness (mean true return) is measured.</summary>
public sealed record EvaluationConfig
{
    public int Episodes { get; init; } = 16;

    /// <summary>Seed of evaluation episodes, shared by all candidates so they meet the same start states.</summary>
    public ulong Seed { get; init; } = 3;

    /// <summary>Act with the policy mean instead of sampling.</summary>
    public bool Deterministic { get; init; } = true;

    internal void Validate()
    {
        ConfigChecks.InRange("evaluation.episodes", Episodes, 1, 100_000);
    }
}
