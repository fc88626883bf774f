namespace EvoPo.Simulation.Tasks;

/// <summary>What a caller needs to know about a task, and the factory for batches of its environments.</summary>
public sealed class TaskDescriptor(string name, int obsDim, int actDim, int episodeLength, Func<int, IBatchedEnvironment> createBatch)
{
    public string Name { get; } = name;

    public int ObsDim { get; } = obsDim;

    public int ActDim { get; } = actDim;

    public int EpisodeLength { get; } = episodeLength;

    public IBatchedEnvironment CreateBatch(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        return createBatch(count);
    }

    public override string ToString() => $"{Name} (obs {ObsDim}, act {ActDim}, T {EpisodeLength})";
}
