using ILGPU;
using ILGPU.Runtime;

namespace EvoPo.Simulation.Tasks.Ilgpu;

/// <summary>
/// Host side of an ILGPU batch: state of <see cref="StateSize"/> doubles per environment plus step counter and
/// done flag on the device; start states are computed on the host from the same CounterRng draws as the C#
/// environment and uploaded. Each Step uploads the actions, runs one kernel (one thread per environment) and
/// downloads rewards, done flags and observations.
/// </summary>
public abstract class IlgpuBatchedEnvironment : IBatchedEnvironment, IDisposable
{
    private readonly double[] _hostState;
    private readonly int[] _hostDone;
    private readonly float[] _obs;

    protected IlgpuBatchedEnvironment(int count, int obsDim, int actDim, int episodeLength, int stateSize)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(episodeLength);
        Count = count;
        ObsDim = obsDim;
        ActDim = actDim;
        EpisodeLength = episodeLength;
        StateSize = stateSize;
        Device = IlgpuDevice.Shared;
        var acc = Device.Accelerator;
        State = acc.Allocate1D<double>(count * stateSize);
        Steps = acc.Allocate1D<int>(count);
        Done = acc.Allocate1D<int>(count);
        Actions = acc.Allocate1D<float>(count * actDim);
        Rewards = acc.Allocate1D<double>(count);
        Obs = acc.Allocate1D<float>(count * obsDim);
        _hostState = new double[count * stateSize];
        _hostDone = new int[count];
        _obs = new float[count * obsDim];
        // Until Reset every environment counts as finished, as in the C# environments.
        Array.Fill(_hostDone, 1);
        lock (Device.Gate) Done.CopyFromCPU(_hostDone);
    }

    public int Count { get; }

    public int ObsDim { get; }

    public int ActDim { get; }

    public int EpisodeLength { get; }

    public int StateSize { get; }

    public ReadOnlySpan<float> Observations => _obs;

    protected IlgpuDevice Device { get; }

    protected MemoryBuffer1D<double, Stride1D.Dense> State { get; }

    protected MemoryBuffer1D<int, Stride1D.Dense> Steps { get; }

    protected MemoryBuffer1D<int, Stride1D.Dense> Done { get; }

    protected MemoryBuffer1D<float, Stride1D.Dense> Actions { get; }

    protected MemoryBuffer1D<double, Stride1D.Dense> Rewards { get; }

    protected MemoryBuffer1D<float, Stride1D.Dense> Obs { get; }

    /// <summary>Writes the start state named by <paramref name="startSeed"/> into <paramref name="state"/> (StateSize values).</summary>
    protected abstract void StartState(ulong startSeed, Span<double> state);

    /// <summary>Launches the kernel that writes every environment's observation from its state.</summary>
    protected abstract void LaunchObserve();

    /// <summary>Launches the step kernel over all environments.</summary>
    protected abstract void LaunchStep();

    public void Reset(ReadOnlySpan<ulong> startSeeds)
    {
        if (startSeeds.Length != Count) throw new ArgumentException($"expected {Count} start seeds, got {startSeeds.Length}", nameof(startSeeds));
        for (var i = 0; i < Count; i++) StartState(startSeeds[i], _hostState.AsSpan(i * StateSize, StateSize));
        Array.Clear(_hostDone);
        lock (Device.Gate)
        {
            State.CopyFromCPU(_hostState);
            Done.CopyFromCPU(_hostDone);
            Steps.MemSetToZero();
            LaunchObserve();
            Device.Accelerator.Synchronize();
            Obs.CopyToCPU(_obs);
        }
    }

    public void Step(ReadOnlySpan<float> actions, Span<double> rewards, Span<bool> done)
    {
        if (actions.Length != Count * ActDim) throw new ArgumentException($"expected {Count * ActDim} actions, got {actions.Length}", nameof(actions));
        if (rewards.Length != Count || done.Length != Count) throw new ArgumentException($"rewards and done need length {Count}");
        lock (Device.Gate)
        {
            ((ArrayView<float>)Actions.View).CopyFromCPU(actions);
            LaunchStep();
            Device.Accelerator.Synchronize();
            ((ArrayView<double>)Rewards.View).CopyToCPU(rewards);
            Done.CopyToCPU(_hostDone);
            Obs.CopyToCPU(_obs);
        }
        for (var i = 0; i < Count; i++) done[i] = _hostDone[i] != 0;
    }

    public void Dispose()
    {
        State.Dispose();
        Steps.Dispose();
        Done.Dispose();
        Actions.Dispose();
        Rewards.Dispose();
        Obs.Dispose();
        GC.SuppressFinalize(this);
    }
}
