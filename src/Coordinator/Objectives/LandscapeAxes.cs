namespace EvoPo.Coordinator.Objectives;

/// <summary>The grid of a gradient landscape: over (ℓ_w, ℓ_l), or over (ℓ_w − ℓ_l, ℓ_w) as in the seed paper's Figure 5.</summary>
public enum LandscapeAxes
{
    /// <summary>x = ℓ_w, y = ℓ_l.</summary>
    WinLose,

    /// <summary>x = ℓ_w − ℓ_l, y = ℓ_w.</summary>
    MarginWin,
}
