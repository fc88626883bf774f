namespace EvoPo.Coordinator.Config;

/// <summary>How preference pairs are drawn and labelled (math.md §5).</summary>
public enum DatasetVariant
{
    /// <summary>One trajectory from each agent per pair.</summary>
    Base,

    /// <summary>Base with each label flipped with probability <c>dataset.noise</c>.</summary>
    Noisy,

    /// <summary>Each trajectory's agent drawn at random.</summary>
    Mixed,
}
