namespace EvoPo.Coordinator.Config;

/// <summary>The fixed base of φ⁻¹ (math.md §3); the learned network is added to it.</summary>
public enum PhiBase
{
    /// <summary>The class's own base: logit for 1S (ORPO), log for 2S (DPO).</summary>
    Auto,

    /// <summary>φ⁻¹ = log: the KL mirror map.</summary>
    Log,

    /// <summary>φ⁻¹ = logit.</summary>
    Logit,
}
