using EvoPo.Simulation.Policies;

namespace EvoPo.Coordinator.Config;

/// <summary>
/// <c>pretrain</c>: makes the run a pretraining run (<c>evopo pretrain</c>): the ES searches the parameters of a policy
/// instead of a loss, with fitness = the policy's mean return on <c>task</c> over <c>evaluation.episodes</c> fresh
/// episodes per generation (docs/tasks.md). Left out of a search's canonical config while not enabled.
/// </summary>
public sealed record PretrainConfig
{
    [OmitWhenDefault]
    public bool Enabled { get; init; }

    /// <summary>The agent to adapt (its parameters are the initial mean), as given; empty: a fresh policy.</summary>
    [OmitWhenDefault]
    public string From { get; init; } = "";

    /// <summary>Hidden widths of the policy (a start agent must have the same).</summary>
    [OmitWhenDefault]
    public IReadOnlyList<int> Hidden { get; init; } = [32, 32];

    /// <summary>Std floor of a fresh policy (a start agent brings its own).</summary>
    [OmitWhenDefault]
    public double StdMin { get; init; } = 0.05;

    /// <summary>Initial logStd; auto keeps the start agent's (a fresh policy: −0.5).</summary>
    [OmitWhenDefault]
    public double? LogStdInit { get; init; }

    /// <summary>gaussian | tanh-gaussian; empty: the start agent's own, tanh-gaussian for a fresh policy.</summary>
    [OmitWhenDefault]
    public string Distribution { get; init; } = "";

    /// <summary>Subtracted from the ES fitness per step survived (1 on MuJoCo Hopper/Ant, as ARS).</summary>
    [OmitWhenDefault]
    public double AliveShift { get; init; }

    /// <summary>Held-out episodes of the return recorded in the agent's provenance.</summary>
    [OmitWhenDefault]
    public int FinalEpisodes { get; init; } = 64;

    /// <summary>Normalize observations by running statistics of every candidate's rollouts, frozen into the agent (ARS V2).</summary>
    [OmitWhenDefault]
    public bool NormalizeObservations { get; init; }

    /// <summary>By value, the hidden widths item by item (a record compares lists by reference).</summary>
    public bool Equals(PretrainConfig? other) =>
        other is not null && Enabled == other.Enabled && From == other.From && Hidden.SequenceEqual(other.Hidden) && StdMin.Equals(other.StdMin) &&
        Nullable.Equals(LogStdInit, other.LogStdInit) && Distribution == other.Distribution && AliveShift.Equals(other.AliveShift) &&
        FinalEpisodes == other.FinalEpisodes && NormalizeObservations == other.NormalizeObservations;

    public override int GetHashCode() => HashCode.Combine(Enabled, From, Hidden.Count, StdMin, Distribution, AliveShift, FinalEpisodes, NormalizeObservations);

    internal void Validate()
    {
        if (!Enabled) return;
        for (var i = 0; i < Hidden.Count; i++) ConfigChecks.InRange($"pretrain.hidden[{i}]", Hidden[i], 1, 4096);
        ConfigChecks.Positive("pretrain.stdMin", StdMin);
        if (LogStdInit is { } logStd) ConfigChecks.InRange("pretrain.logStdInit", logStd, -20, 5);
        if (Distribution.Length > 0 && !PolicyDistributions.TryParse(Distribution, out _))
            throw new ConfigException("pretrain.distribution", $"unknown value '{Distribution}'; allowed: {string.Join(" | ", PolicyDistributions.Names)}");
        ConfigChecks.InRange("pretrain.aliveShift", AliveShift, 0, 1e6);
        ConfigChecks.InRange("pretrain.finalEpisodes", FinalEpisodes, 1, 100_000);
    }
}
