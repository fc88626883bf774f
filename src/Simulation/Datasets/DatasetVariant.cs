namespace EvoPo.Simulation.Datasets;

/// <summary>How pairs are drawn and labelled (math.md §5).</summary>
public enum DatasetVariant
{
    /// <summary>One trajectory from each agent per pair, in random order.</summary>
    Base,

    /// <summary>Base, then each label flipped with probability NoiseEpsilon.</summary>
    Noisy,

    /// <summary>Each trajectory's agent drawn at random: ¼ target–target, ½ mixed, ¼ original–original.</summary>
    Mixed,
}
