namespace EvoPo.Simulation.Tasks;

/// <summary>
/// N environments stepped together over flat arrays, so a policy can act on all of them with one batched
/// forward pass. An environment that is done stays frozen: later steps give it reward 0 and keep it done,
/// which lets callers step a whole batch until every member has finished.
/// </summary>
public interface IBatchedEnvironment
{
    int Count { get; }

    int ObsDim { get; }

    int ActDim { get; }

    int EpisodeLength { get; }

    /// <summary>Row-major [Count, ObsDim]; valid until the next Reset or Step.</summary>
    ReadOnlySpan<float> Observations { get; }

    /// <summary>Starts environment i from the start state named by <paramref name="startSeeds"/>[i].</summary>
    void Reset(ReadOnlySpan<ulong> startSeeds);

    /// <summary>
    /// Applies row-major [Count, ActDim] actions (the environment clips them), writes each environment's
    /// reward, and sets done for environments that fell, reached EpisodeLength, or were already done.
    /// </summary>
    void Step(ReadOnlySpan<float> actions, Span<double> rewards, Span<bool> done);
}
