namespace EvoPo.GpuWorker.Training;

/// <summary>
/// One K of <see cref="TrainerBenchmark"/>: the wall time of one batched K-agent run and of K sequential
/// single-agent runs doing the same work. An agent-update is one optimizer step of one agent.
/// </summary>
public sealed record TrainerBenchmarkResult(int Agents, long AgentUpdates, double BatchedSeconds, double SequentialSeconds)
{
    public double BatchedUpdatesPerSecond => AgentUpdates / BatchedSeconds;

    public double SequentialUpdatesPerSecond => AgentUpdates / SequentialSeconds;

    /// <summary>Sequential time over batched time.</summary>
    public double Speedup => SequentialSeconds / BatchedSeconds;
}
