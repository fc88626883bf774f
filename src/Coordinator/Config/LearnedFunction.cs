namespace EvoPo.Coordinator.Config;

/// <summary>A learned function of the MPO objective (math.md §3, Learned functions).</summary>
public enum LearnedFunction
{
    /// <summary>φ⁻¹, the mirror map's inverse potential.</summary>
    Phi,

    /// <summary>ψ, applied to the Bradley–Terry probability.</summary>
    Psi,

    /// <summary>g, a learned weight on the SFT term.</summary>
    G,
}
