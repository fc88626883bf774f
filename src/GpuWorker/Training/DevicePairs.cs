using TorchSharp;
using static TorchSharp.torch;

namespace EvoPo.GpuWorker.Training;

/// <summary>
/// The dataset resident on the training device with each pair's chosen and rejected steps side by side
/// (<c>[P, S, ·]</c>, S = T_c + T_r, plus <see cref="PaddingSteps"/> so that S is a multiple of
/// <c>stepAlignment</c>), so a minibatch is one gather and one forward pass; padding is masked out.
/// </summary>
internal sealed class DevicePairs : IDisposable
{
    public DevicePairs(PreferencePairs data, ScalarType dtype, Device device, int stepAlignment = 1)
    {
        ChosenMaxLength = data.Chosen.MaxLength;
        RejectedMaxLength = data.Rejected.MaxLength;
        var unpadded = ChosenMaxLength + RejectedMaxLength;
        PaddingSteps = (unpadded + stepAlignment - 1) / stepAlignment * stepAlignment - unpadded;
        using var scope = NewDisposeScope();
        Observations = Keep(cat([Steps(data.Chosen.Observations, data.Chosen, data.Chosen.ObsDim, dtype, device),
                                 Steps(data.Rejected.Observations, data.Rejected, data.Rejected.ObsDim, dtype, device),
                                 zeros(data.Count, PaddingSteps, data.Chosen.ObsDim, dtype: dtype, device: device)], 1));
        Actions = Keep(cat([Steps(data.Chosen.Actions, data.Chosen, data.Chosen.ActDim, dtype, device),
                            Steps(data.Rejected.Actions, data.Rejected, data.Rejected.ActDim, dtype, device),
                            zeros(data.Count, PaddingSteps, data.Chosen.ActDim, dtype: dtype, device: device)], 1));
        ChosenLengths = Keep(Lengths(data.Chosen, dtype, device));
        RejectedLengths = Keep(Lengths(data.Rejected, dtype, device));
        Mask = Keep(cat([ValidSteps(ChosenLengths, ChosenMaxLength, dtype, device),
                         ValidSteps(RejectedLengths, RejectedMaxLength, dtype, device),
                         zeros(data.Count, PaddingSteps, dtype: dtype, device: device)], 1));
        if (data.HasBehaviourLogProbs)
        {
            ChosenBehaviour = Keep(TrajectorySums(data.Chosen, dtype, device));
            RejectedBehaviour = Keep(TrajectorySums(data.Rejected, dtype, device));
        }
    }

    public int ChosenMaxLength { get; }

    public int RejectedMaxLength { get; }

    /// <summary>Steps after the rejected ones that belong to no trajectory, always masked out.</summary>
    public int PaddingSteps { get; }

    public int StepsPerPair => ChosenMaxLength + RejectedMaxLength + PaddingSteps;

    /// <summary><c>[P, S, ObsDim]</c>.</summary>
    public Tensor Observations { get; }

    /// <summary><c>[P, S, ActDim]</c>.</summary>
    public Tensor Actions { get; }

    /// <summary><c>[P, S]</c>: 1 on valid steps, 0 on padding.</summary>
    public Tensor Mask { get; }

    /// <summary><c>[P]</c> as floating values.</summary>
    public Tensor ChosenLengths { get; }

    /// <summary><c>[P]</c> as floating values.</summary>
    public Tensor RejectedLengths { get; }

    /// <summary>ℓ^μ_w per pair <c>[P]</c> (behaviour log-probs summed over valid steps), or null when the data has none.</summary>
    public Tensor? ChosenBehaviour { get; }

    /// <summary>ℓ^μ_l per pair <c>[P]</c>, or null.</summary>
    public Tensor? RejectedBehaviour { get; }

    /// <summary>Per-step values <c>[K, m, S]</c> summed over each side's valid steps: (ℓ_w, ℓ_l), each <c>[K, m]</c>.</summary>
    public (Tensor Chosen, Tensor Rejected) SumSides(Tensor stepValues, Tensor mask)
    {
        var masked = stepValues * mask;
        return (masked.narrow(2, 0, ChosenMaxLength).sum(2), masked.narrow(2, ChosenMaxLength, RejectedMaxLength).sum(2));
    }

    /// <summary>The adjoint of <see cref="SumSides"/>: per-pair values (g_w, g_l), each <c>[K, m]</c>, onto each side's valid steps, <c>[K, m, S]</c>.</summary>
    public Tensor SpreadSides(Tensor chosen, Tensor rejected, Tensor mask)
    {
        var (k, m) = (chosen.shape[0], chosen.shape[1]);
        var (w, l) = (chosen.unsqueeze(2).expand(k, m, ChosenMaxLength), rejected.unsqueeze(2).expand(k, m, RejectedMaxLength));
        var spread = PaddingSteps == 0 ? cat([w, l], 2) : cat([w, l, zeros_like(chosen).unsqueeze(2).expand(k, m, PaddingSteps)], 2);
        return spread.mul_(mask);
    }

    public void Dispose()
    {
        Observations.Dispose();
        Actions.Dispose();
        Mask.Dispose();
        ChosenLengths.Dispose();
        RejectedLengths.Dispose();
        ChosenBehaviour?.Dispose();
        RejectedBehaviour?.Dispose();
    }

    private static Tensor Keep(Tensor t) => t.contiguous().MoveToOuterDisposeScope().DetachFromDisposeScope();

    private static Tensor Steps(float[] values, TrajectoryArrays side, int width, ScalarType dtype, Device device) =>
        tensor(values).to(dtype, device).view(side.Count, side.MaxLength, width);

    private static Tensor Lengths(TrajectoryArrays side, ScalarType dtype, Device device) =>
        tensor(side.Lengths.Select(t => (double)t).ToArray(), dtype: ScalarType.Float64).to(dtype, device);

    /// <summary>Per-trajectory sums of the behaviour log-probs over valid steps, accumulated in float64.</summary>
    private static Tensor TrajectorySums(TrajectoryArrays side, ScalarType dtype, Device device)
    {
        var sums = new double[side.Count];
        for (var i = 0; i < side.Count; i++)
            for (var t = 0; t < side.Lengths[i]; t++)
                sums[i] += side.BehaviourLogProbs![i * side.MaxLength + t];
        return tensor(sums, dtype: ScalarType.Float64).to(dtype, device);
    }

    private static Tensor ValidSteps(Tensor lengths, int maxLength, ScalarType dtype, Device device) =>
        (arange(maxLength, device: device).unsqueeze(0) < lengths.unsqueeze(1)).to(dtype);
}
