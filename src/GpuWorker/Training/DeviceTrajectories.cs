using TorchSharp;
using static TorchSharp.torch;

namespace EvoPo.GpuWorker.Training;

/// <summary>One side of the dataset resident on the training device: padded steps plus a validity mask.</summary>
internal sealed class DeviceTrajectories : IDisposable
{
    public DeviceTrajectories(TrajectoryArrays block, ScalarType dtype, Device device)
    {
        MaxLength = block.MaxLength;
        Observations = Upload(block.Observations, [block.Count, block.MaxLength, block.ObsDim], dtype, device);
        Actions = Upload(block.Actions, [block.Count, block.MaxLength, block.ActDim], dtype, device);
        using var scope = NewDisposeScope();
        var lengths = tensor(block.Lengths.Select(t => (double)t).ToArray(), dtype: ScalarType.Float64).to(dtype, device);
        Lengths = lengths.MoveToOuterDisposeScope().DetachFromDisposeScope();
        Mask = (arange(block.MaxLength, device: device).unsqueeze(0) < Lengths.unsqueeze(1)).to(dtype).MoveToOuterDisposeScope().DetachFromDisposeScope();
    }

    public int MaxLength { get; }

    /// <summary><c>[P, T, ObsDim]</c>.</summary>
    public Tensor Observations { get; }

    /// <summary><c>[P, T, ActDim]</c>.</summary>
    public Tensor Actions { get; }

    /// <summary><c>[P, T]</c>, 1 on valid steps and 0 on padding.</summary>
    public Tensor Mask { get; }

    /// <summary><c>[P]</c> trajectory lengths as floating values.</summary>
    public Tensor Lengths { get; }

    public void Dispose()
    {
        Observations.Dispose();
        Actions.Dispose();
        Mask.Dispose();
        Lengths.Dispose();
    }

    private static Tensor Upload(float[] values, long[] shape, ScalarType dtype, Device device)
    {
        using var scope = NewDisposeScope();
        return tensor(values).to(dtype, device).reshape(shape).contiguous().MoveToOuterDisposeScope().DetachFromDisposeScope();
    }
}
