namespace EvoPo.Coordinator.Es;

/// <summary>How raw fitness is turned into the weights of the gradient estimate (math.md §4).</summary>
public enum FitnessShapingKind
{
    /// <summary>Ranks mapped linearly onto [−0.5, 0.5]; invariant to any monotone change of fitness (the default).</summary>
    CenteredRanks,

    /// <summary>(f − mean) / std over the finite values.</summary>
    ZScore,

    /// <summary>Fitness as it comes; only failed candidates are replaced.</summary>
    Raw,
}
