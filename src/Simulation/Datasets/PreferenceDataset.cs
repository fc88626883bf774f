namespace EvoPo.Simulation.Datasets;

/// <summary>
/// Preference pairs in generation order (<see cref="First"/>, <see cref="Second"/>, <see cref="Labels"/>) and
/// the same pairs as the training code wants them (<see cref="Chosen"/>, <see cref="Rejected"/>).
/// </summary>
public sealed class PreferenceDataset
{
    public PreferenceDataset(DatasetMetadata metadata, TrajectoryBlock first, TrajectoryBlock second, byte[] labels, bool[] flipped, string contentHash)
    {
        Metadata = metadata;
        First = first;
        Second = second;
        Labels = labels;
        Flipped = flipped;
        ContentHash = contentHash;
        Chosen = new TrajectoryBlock(first.Count, first.MaxLength, first.ObsDim, first.ActDim);
        Rejected = new TrajectoryBlock(first.Count, first.MaxLength, first.ObsDim, first.ActDim);
        for (var p = 0; p < first.Count; p++)
        {
            var firstWins = labels[p] == FirstPreferred;
            Chosen.CopyFrom(firstWins ? first : second, p, p);
            Rejected.CopyFrom(firstWins ? second : first, p, p);
        }
    }

    public const byte FirstPreferred = 0;
    public const byte SecondPreferred = 1;

    public DatasetMetadata Metadata { get; }

    /// <summary>Hex SHA-256 of the file body (everything before the trailing hash).</summary>
    public string ContentHash { get; }

    public TrajectoryBlock First { get; }

    public TrajectoryBlock Second { get; }

    /// <summary>Per pair, <see cref="FirstPreferred"/> or <see cref="SecondPreferred"/> after any noise.</summary>
    public byte[] Labels { get; }

    /// <summary>Per pair, whether the Noisy variant flipped the judge's label (kept so analyses can separate noise).</summary>
    public bool[] Flipped { get; }

    public TrajectoryBlock Chosen { get; }

    public TrajectoryBlock Rejected { get; }

    public int Pairs => First.Count;
}
