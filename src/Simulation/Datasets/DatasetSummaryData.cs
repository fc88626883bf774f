namespace EvoPo.Simulation.Datasets;

/// <summary>What a streamed dataset leaves in memory: its header, hash and the per-pair scalars (no trajectories).</summary>
public sealed record DatasetSummaryData(
    DatasetMetadata Metadata,
    string ContentHash,
    double[] FirstReturns,
    double[] SecondReturns,
    int[] FirstSources,
    int[] SecondSources,
    byte[] Labels,
    bool[] Flipped)
{
    public int Pairs => Labels.Length;

    public static DatasetSummaryData Of(PreferenceDataset d) =>
        new(d.Metadata, d.ContentHash, d.First.Returns, d.Second.Returns, d.First.Sources, d.Second.Sources, d.Labels, d.Flipped);
}
