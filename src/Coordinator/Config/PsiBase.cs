namespace EvoPo.Coordinator.Config;

/// <summary>The fixed base of ψ, applied to the Bradley–Terry probability z = σ(margin) (math.md §3).</summary>
public enum PsiBase
{
    /// <summary>ψ = log z: the log-likelihood of the preference (DPO, ORPO).</summary>
    Log,

    /// <summary>ψ = z (ours): the bounded "sigmoid" loss.</summary>
    Identity,
}
