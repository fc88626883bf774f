namespace EvoPo.GpuWorker.Analysis;

/// <summary>Per pair: the loss and its partial derivatives ∂loss/∂ℓ_w and ∂loss/∂ℓ_l.</summary>
public sealed record PairGradients(double[] Loss, double[] ChosenGradient, double[] RejectedGradient);
