namespace EvoPo.Simulation.Datasets;

/// <summary>
/// Count trajectories padded to MaxLength: Observations [Count, MaxLength, ObsDim], Actions
/// [Count, MaxLength, ActDim] (raw sampled actions), BehaviourLogProbs [Count, MaxLength] under the agent
/// that generated each trajectory; steps at or beyond Lengths[i] are zero.
/// </summary>
public sealed class TrajectoryBlock
{
    public const int OriginalSource = 0;
    public const int TargetSource = 1;

    public TrajectoryBlock(int count, int maxLength, int obsDim, int actDim)
    {
        Count = count;
        MaxLength = maxLength;
        ObsDim = obsDim;
        ActDim = actDim;
        Observations = new float[count * maxLength * obsDim];
        Actions = new float[count * maxLength * actDim];
        BehaviourLogProbs = new float[count * maxLength];
        Lengths = new int[count];
        Returns = new double[count];
        Sources = new int[count];
    }

    public int Count { get; }

    public int MaxLength { get; }

    public int ObsDim { get; }

    public int ActDim { get; }

    public float[] Observations { get; }

    public float[] Actions { get; }

    public float[] BehaviourLogProbs { get; }

    public int[] Lengths { get; }

    /// <summary>True return on the dataset's (target) task.</summary>
    public double[] Returns { get; }

    /// <summary><see cref="OriginalSource"/> or <see cref="TargetSource"/>: which agent generated the trajectory.</summary>
    public int[] Sources { get; }

    /// <summary>Copies trajectory <paramref name="from"/> of <paramref name="source"/> into slot <paramref name="to"/>.</summary>
    public void CopyFrom(TrajectoryBlock source, int from, int to)
    {
        var m = MaxLength;
        source.Observations.AsSpan(from * m * ObsDim, m * ObsDim).CopyTo(Observations.AsSpan(to * m * ObsDim));
        source.Actions.AsSpan(from * m * ActDim, m * ActDim).CopyTo(Actions.AsSpan(to * m * ActDim));
        source.BehaviourLogProbs.AsSpan(from * m, m).CopyTo(BehaviourLogProbs.AsSpan(to * m));
        Lengths[to] = source.Lengths[from];
        Returns[to] = source.Returns[from];
        Sources[to] = source.Sources[from];
    }
}
