namespace EvoPo.Simulation.Datasets;

/// <summary>
/// Pairs <see cref="FirstPair"/> .. <see cref="FirstPair"/> + <see cref="Count"/> − 1 of a dataset, as
/// <see cref="DatasetBuilder.BuildChunk(Tasks.TaskDescriptor, Policies.Agent, Policies.Agent, DatasetSpec, int, int)"/> rolls them out: the same
/// bytes whichever process built them and however the pairs were cut, so chunks built apart (on workers) and written in
/// any order (<see cref="DatasetFileWriter.WriteChunk(DatasetChunk)"/>) give the file of one build.
/// </summary>
/// <param name="Labels">Per pair: <see cref="PreferenceDataset.FirstPreferred"/> or <see cref="PreferenceDataset.SecondPreferred"/>.</param>
/// <param name="Flipped">Per pair: the Noisy variant flipped the judge's label.</param>
public sealed record DatasetChunk(int FirstPair, TrajectoryBlock First, TrajectoryBlock Second, byte[] Labels, bool[] Flipped)
{
    public int Count => Labels.Length;

    /// <summary>
    /// Bytes one pair adds to a chunk: two trajectories of observations, actions and log-probs (float32, padded to
    /// <paramref name="maxLength"/>) and their scalars, plus label and flip. What a chunk weighs on the wire, to within its
    /// envelope.
    /// </summary>
    public static long BytesPerPair(int maxLength, int obsDim, int actDim) =>
        2 * (4L * maxLength * (obsDim + actDim + 1) + sizeof(int) + sizeof(double) + 1) + 2;
}
