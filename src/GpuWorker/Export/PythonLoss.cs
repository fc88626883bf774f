namespace EvoPo.GpuWorker.Export;

/// <summary>
/// One objective's per-pair loss in Python: its formula as docs/objectives.md writes it, and the body of the exported
/// function, which mirrors the objective's TorchSharp code operation by operation (so float64 results agree to
/// rounding). The body reads the tensors the exported function's prologue defines (<c>chosen</c>, <c>rejected</c>,
/// <c>chosen_lengths</c>, <c>rejected_lengths</c>, <c>chosen_mean</c>, <c>rejected_mean</c>, <c>chosen_ref</c>,
/// <c>rejected_ref</c>, <c>chosen_behaviour</c>, <c>rejected_behaviour</c>, <c>dtype</c>) and the hyperparameters as
/// module constants (<see cref="PythonLiterals.ConstantName"/>).
/// </summary>
/// <param name="ReadsLogProbMax">Whether the loss maps log-probs into the probability domain, p = exp(ℓ̄ − ℓ_max).</param>
public sealed record PythonLoss(string Formula, IReadOnlyList<string> Body, bool ReadsLogProbMax = false);
