namespace EvoPo.Simulation.Tasks.Mujoco;

/// <summary>
/// Constants of a MuJoCo task. Reward per step (after FrameSkip physics steps of the model's timestep):
/// <c>ForwardWeight·Δx/dt + HealthyReward − CtrlCost·‖a‖² − LegPenalty·Σ_{j∈PenalizedActuators} a_j²</c>,
/// with a the clipped action and x = qpos[0].
/// </summary>
public sealed record MujocoTaskConfig
{
    public required string Name { get; init; }

    /// <summary>File name under the build output's <c>mujoco/</c> folder.</summary>
    public required string ModelFile { get; init; }

    public required MujocoBody Body { get; init; }

    public required int FrameSkip { get; init; }

    public int EpisodeLength { get; init; } = MujocoTasks.DefaultEpisodeLength;

    public double ForwardWeight { get; init; } = 1.0;

    public double HealthyReward { get; init; } = 1.0;

    public required double CtrlCost { get; init; }

    public double LegPenalty { get; init; }

    public IReadOnlyList<int> PenalizedActuators { get; init; } = [];

    /// <summary>Start state: qpos = qpos0 + U(−s, s); qvel = U(−s, s) (Hopper) or s·N(0, 1) (Ant).</summary>
    public required double ResetNoise { get; init; }

    /// <summary>False keeps stepping unhealthy environments (benchmarks only); episodes then end at EpisodeLength.</summary>
    public bool TerminateWhenUnhealthy { get; init; } = true;

    /// <summary>Threads that step a batch (0: one per core). Results do not depend on it.</summary>
    public int Threads { get; init; }
}
