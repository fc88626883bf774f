using ILGPU;
using ILGPU.Runtime;

namespace EvoPo.Simulation.Tasks.Ilgpu;

/// <summary>
/// The crawler (docs/tasks.md) as an ILGPU kernel, one thread per environment; the same arithmetic as
/// <see cref="CrawlerEnvironment"/>, with sin and cos from <see cref="KernelMath"/> (the C# version uses Math.SinCos).
/// State per environment: y, vx, vy, φ_0.
/// </summary>
public sealed class IlgpuCrawlerEnvironment : IlgpuBatchedEnvironment
{
    private const int Y = 0, Vx = 1, Vy = 2, Phase0 = 3;

    private static readonly Dictionary<Accelerator, Kernels> Loaded = [];

    private readonly CrawlerConfig _config;
    private readonly Params _params;
    private readonly Kernels _kernels;

    public IlgpuCrawlerEnvironment(int count, CrawlerConfig config)
        : base(count, CrawlerEnvironment.ObservationSize, CrawlerEnvironment.Legs, config.EpisodeLength, 4)
    {
        if (config.LegDirections.Count != CrawlerEnvironment.Legs)
            throw new ArgumentException($"crawler needs {CrawlerEnvironment.Legs} leg directions, got {config.LegDirections.Count}", nameof(config));
        _config = config;
        var d = config.LegDirections;
        _params = new Params(config.EpisodeLength, config.Drag, config.Force, config.Dt, config.PhaseStep, config.CtrlCost, config.LateralCost,
            config.LegPenalty, config.FallBound, d[0].X, d[0].Y, d[1].X, d[1].Y, d[2].X, d[2].Y, d[3].X, d[3].Y);
        lock (Device.Gate)
        {
            if (!Loaded.TryGetValue(Device.Accelerator, out var kernels))
                Loaded[Device.Accelerator] = kernels = new Kernels(
                    Device.Accelerator.LoadAutoGroupedStreamKernel<Index1D, Params, ArrayView<double>, ArrayView<int>, ArrayView<float>>(ObserveKernel),
                    Device.Accelerator.LoadAutoGroupedStreamKernel<Index1D, Params, ArrayView<double>, ArrayView<int>, ArrayView<int>, ArrayView<float>, ArrayView<double>, ArrayView<float>>(StepKernel));
            _kernels = kernels;
        }
    }

    protected override void StartState(ulong startSeed, Span<double> state)
    {
        var rng = Random.CounterRng.Create(startSeed);
        state[Y] = (2 * rng.UniformAt(0) - 1) * _config.StartYRange;
        state[Vy] = (2 * rng.UniformAt(1) - 1) * _config.StartVyRange;
        state[Phase0] = 2 * Math.PI * rng.UniformAt(2);
        state[Vx] = 0;
    }

    protected override void LaunchObserve() => _kernels.Observe(Count, _params, State.View, Steps.View, Obs.View);

    protected override void LaunchStep() => _kernels.Step(Count, _params, State.View, Steps.View, Done.View, Actions.View, Rewards.View, Obs.View);

    private static void ObserveKernel(Index1D i, Params p, ArrayView<double> state, ArrayView<int> steps, ArrayView<float> obs) =>
        Observe(i, p, state, steps, obs);

    private static void StepKernel(Index1D index, Params p, ArrayView<double> state, ArrayView<int> steps, ArrayView<int> done,
        ArrayView<float> actions, ArrayView<double> rewards, ArrayView<float> obs)
    {
        int i = index;
        if (done[i] != 0)
        {
            rewards[i] = 0;
            return;
        }
        var phase = state[i * 4 + Phase0] + steps[i] * p.PhaseStep;
        var s = KernelMath.Sin(phase);
        var co = KernelMath.Cos(phase);
        double fx = 0, fy = 0, actionSq = 0;
        var a0 = Clip(actions[i * 4]);
        var a1 = Clip(actions[i * 4 + 1]);
        var a2 = Clip(actions[i * 4 + 2]);
        var a3 = Clip(actions[i * 4 + 3]);
        Push(Math.Max(0, s), a0, p.D0X, p.D0Y, ref fx, ref fy, ref actionSq);
        Push(Math.Max(0, co), a1, p.D1X, p.D1Y, ref fx, ref fy, ref actionSq);
        Push(Math.Max(0, -s), a2, p.D2X, p.D2Y, ref fx, ref fy, ref actionSq);
        Push(Math.Max(0, -co), a3, p.D3X, p.D3Y, ref fx, ref fy, ref actionSq);
        var vx = (1 - p.Drag) * state[i * 4 + Vx] + p.Force * fx;
        var vy = (1 - p.Drag) * state[i * 4 + Vy] + p.Force * fy;
        var y = state[i * 4 + Y] + p.Dt * vy;
        var t = steps[i] + 1;
        state[i * 4 + Vx] = vx;
        state[i * 4 + Vy] = vy;
        state[i * 4 + Y] = y;
        steps[i] = t;
        rewards[i] = vx - p.CtrlCost * actionSq - p.LateralCost * y * y - p.LegPenalty * a3 * a3;
        done[i] = Math.Abs(y) > p.FallBound || t >= p.EpisodeLength ? 1 : 0;
        Observe(i, p, state, steps, obs);
    }

    private static double Clip(float a) => Math.Max(-1.0, Math.Min(1.0, (double)a));

    private static void Push(double stance, double a, double dx, double dy, ref double fx, ref double fy, ref double actionSq)
    {
        actionSq += a * a;
        var push = stance * a;
        fx += push * dx;
        fy += push * dy;
    }

    private static void Observe(int i, Params p, ArrayView<double> state, ArrayView<int> steps, ArrayView<float> obs)
    {
        var phase = state[i * 4 + Phase0] + steps[i] * p.PhaseStep;
        var s = KernelMath.Sin(phase);
        var co = KernelMath.Cos(phase);
        var o = i * CrawlerEnvironment.ObservationSize;
        obs[o] = (float)state[i * 4 + Vx];
        obs[o + 1] = (float)state[i * 4 + Vy];
        obs[o + 2] = (float)state[i * 4 + Y];
        obs[o + 3] = (float)s;
        obs[o + 4] = (float)co;
        obs[o + 5] = (float)Math.Max(0, s);
        obs[o + 6] = (float)Math.Max(0, co);
        obs[o + 7] = (float)Math.Max(0, -s);
        obs[o + 8] = (float)Math.Max(0, -co);
    }

    internal readonly record struct Params(int EpisodeLength, double Drag, double Force, double Dt, double PhaseStep, double CtrlCost,
        double LateralCost, double LegPenalty, double FallBound, double D0X, double D0Y, double D1X, double D1Y, double D2X, double D2Y,
        double D3X, double D3Y);

    private sealed record Kernels(
        Action<Index1D, Params, ArrayView<double>, ArrayView<int>, ArrayView<float>> Observe,
        Action<Index1D, Params, ArrayView<double>, ArrayView<int>, ArrayView<int>, ArrayView<float>, ArrayView<double>, ArrayView<float>> Step);
}
