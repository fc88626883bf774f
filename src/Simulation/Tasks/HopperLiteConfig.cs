namespace EvoPo.Simulation.Tasks;

/// <summary>
/// Constants of "hopper-lite" (docs/tasks.md): an inverted body that must be balanced while it pushes itself
/// forward. Tuned so that doing nothing falls in about 23 steps and a balancing, pushing controller scores ≈ 178.
/// </summary>
public sealed record HopperLiteConfig
{
    public int EpisodeLength { get; init; } = 100;

    /// <summary>Integration step of the pitch dynamics.</summary>
    public double Dt { get; init; } = 0.05;

    /// <summary>Gravity's pull on the pitch: ω' gains Gravity·sin θ, so the upright state is unstable.</summary>
    public double Gravity { get; init; } = 12.0;

    /// <summary>Pitch acceleration from a full balancing torque (action 0).</summary>
    public double TorqueGain { get; init; } = 8.0;

    /// <summary>Pitch acceleration from a full forward push (action 1): pushing tips the body forward.</summary>
    public double TipGain { get; init; } = 4.0;

    /// <summary>Fraction of forward velocity lost per step.</summary>
    public double Drag { get; init; } = 0.1;

    /// <summary>Forward velocity gained per step from a full push while upright.</summary>
    public double Force { get; init; } = 0.1;

    /// <summary>Reward for every step the body is still up (Hopper's healthy reward).</summary>
    public double AliveBonus { get; init; } = 1.0;

    public double CtrlCost { get; init; } = 0.1;

    /// <summary>The body falls (episode ends) once |θ| exceeds this.</summary>
    public double FallAngle { get; init; } = 0.8;

    public double StartAngleRange { get; init; } = 0.1;

    public double StartRateRange { get; init; } = 0.1;
}
