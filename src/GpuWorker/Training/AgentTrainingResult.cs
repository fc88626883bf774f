namespace EvoPo.GpuWorker.Training;

/// <summary>
/// One trained agent: flat parameters in the <see cref="PolicySpec"/> layout, the mean minibatch loss of its last
/// trained epoch, and whether it failed (its loss, gradient or parameters became non-finite; it was frozen at
/// that point while the rest of the batch went on).
/// </summary>
public sealed record AgentTrainingResult(float[] Parameters, double FinalLoss, bool Failed, long Updates);
