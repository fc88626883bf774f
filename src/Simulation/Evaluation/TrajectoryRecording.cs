namespace EvoPo.Simulation.Evaluation;

/// <summary>Per-step buffers a <see cref="RolloutEngine"/> fills: row i's step t lives at index i·MaxLength + t, zero after the episode ends.</summary>
public sealed class TrajectoryRecording(int count, int maxLength, int obsDim, int actDim)
{
    public int Count { get; } = count;

    public int MaxLength { get; } = maxLength;

    public int ObsDim { get; } = obsDim;

    public int ActDim { get; } = actDim;

    public float[] Observations { get; } = new float[count * maxLength * obsDim];

    public float[] Actions { get; } = new float[count * maxLength * actDim];

    public float[] BehaviourLogProbs { get; } = new float[count * maxLength];

    public void Clear()
    {
        Array.Clear(Observations);
        Array.Clear(Actions);
        Array.Clear(BehaviourLogProbs);
    }
}
