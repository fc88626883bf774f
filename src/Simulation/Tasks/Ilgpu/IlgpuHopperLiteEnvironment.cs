using ILGPU;
using ILGPU.Runtime;

namespace EvoPo.Simulation.Tasks.Ilgpu;

/// <summary>
/// "hopper-lite" (docs/tasks.md) as an ILGPU kernel, one thread per environment; the same arithmetic as
/// <see cref="HopperLiteEnvironment"/>. State per environment: θ, ω, v.
/// </summary>
public sealed class IlgpuHopperLiteEnvironment : IlgpuBatchedEnvironment
{
    private const int Theta = 0, Omega = 1, V = 2;

    private static readonly Dictionary<Accelerator, Kernels> Loaded = [];

    private readonly HopperLiteConfig _config;
    private readonly Params _params;
    private readonly Kernels _kernels;

    public IlgpuHopperLiteEnvironment(int count, HopperLiteConfig config)
        : base(count, HopperLiteEnvironment.ObservationSize, HopperLiteEnvironment.Actions, config.EpisodeLength, 3)
    {
        _config = config;
        _params = new Params(config.EpisodeLength, config.Dt, config.Gravity, config.TorqueGain, config.TipGain, config.Drag, config.Force,
            config.AliveBonus, config.CtrlCost, config.FallAngle);
        lock (Device.Gate)
        {
            if (!Loaded.TryGetValue(Device.Accelerator, out var kernels))
                Loaded[Device.Accelerator] = kernels = new Kernels(
                    Device.Accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<double>, ArrayView<float>>(ObserveKernel),
                    Device.Accelerator.LoadAutoGroupedStreamKernel<Index1D, Params, ArrayView<double>, ArrayView<int>, ArrayView<int>, ArrayView<float>, ArrayView<double>, ArrayView<float>>(StepKernel));
            _kernels = kernels;
        }
    }

    protected override void StartState(ulong startSeed, Span<double> state)
    {
        (state[Theta], state[Omega]) = HopperLiteEnvironment.StartState(startSeed, _config);
        state[V] = 0;
    }

    protected override void LaunchObserve() => _kernels.Observe(Count, State.View, Obs.View);

    protected override void LaunchStep() => _kernels.Step(Count, _params, State.View, Steps.View, Done.View, Actions.View, Rewards.View, Obs.View);

    private static void ObserveKernel(Index1D i, ArrayView<double> state, ArrayView<float> obs) => Observe(i, state, obs);

    private static void StepKernel(Index1D index, Params p, ArrayView<double> state, ArrayView<int> steps, ArrayView<int> done,
        ArrayView<float> actions, ArrayView<double> rewards, ArrayView<float> obs)
    {
        int i = index;
        if (done[i] != 0)
        {
            rewards[i] = 0;
            return;
        }
        var torque = Math.Max(-1.0, Math.Min(1.0, (double)actions[i * 2]));
        var push = Math.Max(-1.0, Math.Min(1.0, (double)actions[i * 2 + 1]));
        var theta = state[i * 3 + Theta];
        var omega = state[i * 3 + Omega] + p.Dt * (p.Gravity * KernelMath.Sin(theta) - p.TorqueGain * torque + p.TipGain * push);
        theta += p.Dt * omega;
        var v = (1 - p.Drag) * state[i * 3 + V] + p.Force * push * KernelMath.Cos(theta);
        var t = steps[i] + 1;
        state[i * 3 + Theta] = theta;
        state[i * 3 + Omega] = omega;
        state[i * 3 + V] = v;
        steps[i] = t;
        rewards[i] = p.AliveBonus + v - p.CtrlCost * (torque * torque + push * push);
        done[i] = Math.Abs(theta) > p.FallAngle || t >= p.EpisodeLength ? 1 : 0;
        Observe(i, state, obs);
    }

    private static void Observe(int i, ArrayView<double> state, ArrayView<float> obs)
    {
        obs[i * 3] = (float)state[i * 3 + Theta];
        obs[i * 3 + 1] = (float)state[i * 3 + Omega];
        obs[i * 3 + 2] = (float)state[i * 3 + V];
    }

    internal readonly record struct Params(int EpisodeLength, double Dt, double Gravity, double TorqueGain, double TipGain, double Drag,
        double Force, double AliveBonus, double CtrlCost, double FallAngle);

    private sealed record Kernels(
        Action<Index1D, ArrayView<double>, ArrayView<float>> Observe,
        Action<Index1D, Params, ArrayView<double>, ArrayView<int>, ArrayView<int>, ArrayView<float>, ArrayView<double>, ArrayView<float>> Step);
}
