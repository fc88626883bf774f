namespace EvoPo.GpuWorker.Training;

/// <summary>
/// One side of a preference dataset as plain arrays, shaped like Simulation's TrajectoryBlock: trajectories
/// padded to <see cref="MaxLength"/> (padding is masked out by <see cref="Lengths"/>), observations
/// <c>[Count·MaxLength·ObsDim]</c>, actions <c>[Count·MaxLength·ActDim]</c>, and optionally the behaviour log-probs
/// <c>[Count·MaxLength]</c>: each step's log-prob under the agent that generated the trajectory (ℓ^μ per step, for
/// importance-weighted objectives such as MaxPO).
/// </summary>
public sealed record TrajectoryArrays(
    int Count, int MaxLength, int ObsDim, int ActDim, float[] Observations, float[] Actions, int[] Lengths, float[]? BehaviourLogProbs = null)
{
    public void Validate(string side)
    {
        if (Count <= 0 || MaxLength <= 0 || ObsDim <= 0 || ActDim <= 0)
            throw new ArgumentException($"{side}: shape must be positive (count {Count}, max length {MaxLength}, obs {ObsDim}, act {ActDim})");
        if (Observations.Length != (long)Count * MaxLength * ObsDim)
            throw new ArgumentException($"{side}: observations hold {Observations.Length} values, expected {(long)Count * MaxLength * ObsDim}");
        if (Actions.Length != (long)Count * MaxLength * ActDim)
            throw new ArgumentException($"{side}: actions hold {Actions.Length} values, expected {(long)Count * MaxLength * ActDim}");
        if (BehaviourLogProbs is not null && BehaviourLogProbs.Length != (long)Count * MaxLength)
            throw new ArgumentException($"{side}: behaviour log-probs hold {BehaviourLogProbs.Length} values, expected {(long)Count * MaxLength}");
        if (Lengths.Length != Count)
            throw new ArgumentException($"{side}: {Lengths.Length} lengths for {Count} trajectories");
        var bad = Array.FindIndex(Lengths, t => t < 1 || t > MaxLength);
        if (bad >= 0) throw new ArgumentException($"{side}: trajectory {bad} has length {Lengths[bad]}, outside [1, {MaxLength}]");
    }
}
