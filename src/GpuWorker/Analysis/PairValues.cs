namespace EvoPo.GpuWorker.Analysis;

/// <summary>
/// The inputs of a per-pair loss for M pairs as plain arrays (math.md §1): ℓ_w, ℓ_l (log-probs summed over the
/// steps), T_w, T_l, and where an objective reads them the reference log-probs ℓ^ref and the behaviour log-probs ℓ^μ.
/// </summary>
public sealed record PairValues(
    double[] Chosen,
    double[] Rejected,
    double[] ChosenLength,
    double[] RejectedLength,
    double[]? ChosenReference = null,
    double[]? RejectedReference = null,
    double[]? ChosenBehaviour = null,
    double[]? RejectedBehaviour = null)
{
    public int Count => Chosen.Length;

    /// <summary>Throws <see cref="ArgumentException"/> when the arrays differ in length or come without their partner.</summary>
    public void Validate()
    {
        var arrays = new[] { Chosen, Rejected, ChosenLength, RejectedLength, ChosenReference, RejectedReference, ChosenBehaviour, RejectedBehaviour };
        if (arrays.Any(a => a is not null && a.Length != Count))
            throw new ArgumentException($"every column must hold {Count} values (one per pair)");
        if ((ChosenReference is null) != (RejectedReference is null))
            throw new ArgumentException("reference log-probs are needed for both sides or neither");
        if ((ChosenBehaviour is null) != (RejectedBehaviour is null))
            throw new ArgumentException("behaviour log-probs are needed for both sides or neither");
    }
}
