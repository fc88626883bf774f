using TorchSharp;
using static TorchSharp.torch;

namespace EvoPo.GpuWorker.Training;

/// <summary>
/// The dataset resident on the training device with each pair's chosen and rejected steps side by side
/// (<c>[P, T_c + T_r, ·]</c>), so a minibatch is one gather and one forward pass; padding is masked out.
/// </summary>
internal sealed class DevicePairs : IDisposable
{
    public DevicePairs(PreferencePairs data, ScalarType dtype, Device device)
    {
        ChosenMaxLength = data.Chosen.MaxLength;
        RejectedMaxLength = data.Rejected.MaxLength;
        using var scope = NewDisposeScope();
        Observations = Keep(cat([Steps(data.Chosen.Observations, data.Chosen, data.Chosen.ObsDim, dtype, device),
                                 Steps(data.Rejected.Observations, data.Rejected, data.Rejected.ObsDim, dtype, device)], 1));
        Actions = Keep(cat([Steps(data.Chosen.Actions, data.Chosen, data.Chosen.ActDim, dtype, device),
                            Steps(data.Rejected.Actions, data.Rejected, data.Rejected.ActDim, dtype, device)], 1));
        ChosenLengths = Keep(Lengths(data.Chosen, dtype, device));
        RejectedLengths = Keep(Lengths(data.Rejected, dtype, device));
        Mask = Keep(cat([ValidSteps(ChosenLengths, ChosenMaxLength, dtype, device), ValidSteps(RejectedLengths, RejectedMaxLength, dtype, device)], 1));
    }

    public int ChosenMaxLength { get; }

    public int RejectedMaxLength { get; }

    public int StepsPerPair => ChosenMaxLength + RejectedMaxLength;

    /// <summary><c>[P, T_c + T_r, ObsDim]</c>.</summary>
    public Tensor Observations { get; }

    /// <summary><c>[P, T_c + T_r, ActDim]</c>.</summary>
    public Tensor Actions { get; }

    /// <summary><c>[P, T_c + T_r]</c>: 1 on valid steps, 0 on padding.</summary>
    public Tensor Mask { get; }

    /// <summary><c>[P]</c> as floating values.</summary>
    public Tensor ChosenLengths { get; }

    /// <summary><c>[P]</c> as floating values.</summary>
    public Tensor RejectedLengths { get; }

    /// <summary>Per-step values <c>[K, m, T_c + T_r]</c> summed over each side's valid steps: (ℓ_w, ℓ_l), each <c>[K, m]</c>.</summary>
    public (Tensor Chosen, Tensor Rejected) SumSides(Tensor stepValues, Tensor mask)
    {
        var masked = stepValues * mask;
        return (masked.narrow(2, 0, ChosenMaxLength).sum(2), masked.narrow(2, ChosenMaxLength, RejectedMaxLength).sum(2));
    }

    public void Dispose()
    {
        Observations.Dispose();
        Actions.Dispose();
        Mask.Dispose();
        ChosenLengths.Dispose();
        RejectedLengths.Dispose();
    }

    private static Tensor Keep(Tensor t) => t.contiguous().MoveToOuterDisposeScope().DetachFromDisposeScope();

    private static Tensor Steps(float[] values, TrajectoryArrays side, int width, ScalarType dtype, Device device) =>
        tensor(values).to(dtype, device).view(side.Count, side.MaxLength, width);

    private static Tensor Lengths(TrajectoryArrays side, ScalarType dtype, Device device) =>
        tensor(side.Lengths.Select(t => (double)t).ToArray(), dtype: ScalarType.Float64).to(dtype, device);

    private static Tensor ValidSteps(Tensor lengths, int maxLength, ScalarType dtype, Device device) =>
        (arange(maxLength, device: device).unsqueeze(0) < lengths.unsqueeze(1)).to(dtype);
}
