using EvoPo.Simulation.Random;

namespace EvoPo.Simulation.Tasks.Mujoco;

/// <summary>
/// N MuJoCo simulations of one model behind <see cref="IBatchedEnvironment"/> (docs/tasks.md, "MuJoCo tasks").
/// The shim steps the physics; this class turns qpos/qvel into observations, rewards and termination. A step
/// splits the batch into contiguous chunks spread over <see cref="Threads"/> threads; every environment is
/// independent, so the results are the same for any thread count.
/// </summary>
public sealed class MujocoEnvironment : IBatchedEnvironment, IDisposable
{
    private const double HopperStateBound = 100, HopperVelocityClip = 10;
    private const double HopperMinZ = 0.7, HopperMaxAngle = 0.2, AntMinZ = 0.2, AntMaxZ = 1.0;

    private readonly MujocoTaskConfig _config;
    private readonly MujocoBatch _batch;
    private readonly int _nq, _nv, _nu, _chunks;
    private readonly double _dt;
    private readonly double[] _qpos, _qvel, _ctrl, _rewards;
    private readonly byte[] _active;
    private readonly float[] _obs, _actions;
    private readonly int[] _t;
    private readonly bool[] _done;
    private readonly StepWorkers? _workers;
    private readonly Action<int> _stepChunk;

    public MujocoEnvironment(int count, MujocoTaskConfig config)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(config.EpisodeLength);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(config.FrameSkip);
        ArgumentOutOfRangeException.ThrowIfNegative(config.Threads);
        _config = config;
        _batch = new MujocoBatch(MujocoNative.ModelPath(config.ModelFile), count);
        (_nq, _nv, _nu) = (_batch.Nq, _batch.Nv, _batch.Nu);
        _dt = _batch.Timestep * config.FrameSkip;
        foreach (var j in config.PenalizedActuators)
            if (j < 0 || j >= _nu) throw new ArgumentException($"penalized actuator {j} is not one of the model's {_nu}", nameof(config));
        Count = count;
        ObsDim = config.Body == MujocoBody.Hopper ? _nq - 1 + _nv : _nq - 2 + _nv;
        Threads = config.Threads > 0 ? config.Threads : Environment.ProcessorCount;
        _chunks = Math.Min(count, Threads == 1 ? 1 : Threads * 16);
        _workers = _chunks > 1 ? new StepWorkers(Threads) : null;
        _qpos = new double[count * _nq];
        _qvel = new double[count * _nv];
        _ctrl = new double[count * _nu];
        _rewards = new double[count];
        _active = new byte[count];
        _obs = new float[count * ObsDim];
        _actions = new float[count * _nu];
        _t = new int[count];
        _done = new bool[count];
        _stepChunk = StepChunk;
        // Until Reset every environment counts as finished, so a forgotten Reset cannot yield rewards.
        Array.Fill(_done, true);
    }

    public int Count { get; }

    public int ObsDim { get; }

    public int ActDim => _nu;

    public int EpisodeLength => _config.EpisodeLength;

    public int Threads { get; }

    public MujocoTaskConfig Config => _config;

    public ReadOnlySpan<float> Observations => _obs;

    /// <summary>Row-major [Count, nq] positions after the last Reset or Step (qpos[0] is the forward position x).</summary>
    public ReadOnlySpan<double> Qpos => _qpos;

    public ReadOnlySpan<double> Qvel => _qvel;

    public void Reset(ReadOnlySpan<ulong> startSeeds)
    {
        if (startSeeds.Length != Count) throw new ArgumentException($"expected {Count} start seeds, got {startSeeds.Length}", nameof(startSeeds));
        var s = _config.ResetNoise;
        for (var i = 0; i < Count; i++)
        {
            var rng = CounterRng.Create(startSeeds[i]);
            var qpos = _qpos.AsSpan(i * _nq, _nq);
            var qvel = _qvel.AsSpan(i * _nv, _nv);
            for (var j = 0; j < _nq; j++) qpos[j] = _batch.Qpos0[j] + (2 * rng.UniformAt((ulong)j) - 1) * s;
            for (var j = 0; j < _nv; j++)
                qvel[j] = _config.Body == MujocoBody.Hopper
                    ? (2 * rng.UniformAt((ulong)(_nq + j)) - 1) * s
                    : s * rng.GaussianAt((ulong)(_nq + j));
            _batch.SetState(i, qpos, qvel);
            _t[i] = 0;
            _done[i] = false;
            WriteObservation(i);
        }
    }

    /// <summary>Sets environment i to an exact state (tests, reward checks): time step 0, not done.</summary>
    public void SetState(int i, ReadOnlySpan<double> qpos, ReadOnlySpan<double> qvel)
    {
        if (qpos.Length != _nq || qvel.Length != _nv) throw new ArgumentException($"state needs {_nq} positions and {_nv} velocities");
        qpos.CopyTo(_qpos.AsSpan(i * _nq, _nq));
        qvel.CopyTo(_qvel.AsSpan(i * _nv, _nv));
        _batch.SetState(i, qpos, qvel);
        _t[i] = 0;
        _done[i] = false;
        WriteObservation(i);
    }

    public void Step(ReadOnlySpan<float> actions, Span<double> rewards, Span<bool> done)
    {
        if (actions.Length != Count * _nu) throw new ArgumentException($"expected {Count * _nu} actions, got {actions.Length}", nameof(actions));
        if (rewards.Length != Count || done.Length != Count) throw new ArgumentException($"rewards and done need length {Count}");
        actions.CopyTo(_actions);
        if (_chunks == 1) StepChunk(0);
        else _workers!.Run(_chunks, _stepChunk);
        _rewards.CopyTo(rewards);
        _done.CopyTo(done);
    }

    private void StepChunk(int chunk)
    {
        var begin = (int)((long)Count * chunk / _chunks);
        var end = (int)((long)Count * (chunk + 1) / _chunks);
        for (var i = begin; i < end; i++)
        {
            _active[i] = (byte)(_done[i] ? 0 : 1);
            for (var j = 0; j < _nu; j++) _ctrl[i * _nu + j] = Math.Clamp((double)_actions[i * _nu + j], -1.0, 1.0);
            _rewards[i] = _qpos[i * _nq]; // x before the step
        }
        _batch.Step(begin, end, _ctrl, _active, _config.FrameSkip, _qpos, _qvel);
        for (var i = begin; i < end; i++)
        {
            if (_active[i] == 0)
            {
                _rewards[i] = 0;
                continue;
            }
            var xBefore = _rewards[i];
            var ctrl = _ctrl.AsSpan(i * _nu, _nu);
            _rewards[i] = Reward(xBefore, _qpos[i * _nq], ctrl);
            _t[i]++;
            var unhealthy = _config.TerminateWhenUnhealthy && !IsHealthy(i);
            _done[i] = unhealthy || _t[i] >= _config.EpisodeLength;
            WriteObservation(i);
        }
    }

    /// <summary>The documented reward for one step from x to x' with clipped action a.</summary>
    public double Reward(double xBefore, double xAfter, ReadOnlySpan<double> action)
    {
        var c = _config;
        double actionSq = 0, penalized = 0;
        foreach (var a in action) actionSq += a * a;
        foreach (var j in c.PenalizedActuators) penalized += action[j] * action[j];
        return c.ForwardWeight * (xAfter - xBefore) / _dt + c.HealthyReward - c.CtrlCost * actionSq - c.LegPenalty * penalized;
    }

    private bool IsHealthy(int i)
    {
        var qpos = _qpos.AsSpan(i * _nq, _nq);
        var qvel = _qvel.AsSpan(i * _nv, _nv);
        if (_config.Body == MujocoBody.Hopper)
        {
            for (var j = 2; j < _nq; j++) if (!(Math.Abs(qpos[j]) < HopperStateBound)) return false;
            foreach (var v in qvel) if (!(Math.Abs(v) < HopperStateBound)) return false;
            return qpos[1] > HopperMinZ && Math.Abs(qpos[2]) < HopperMaxAngle;
        }
        foreach (var q in qpos) if (!double.IsFinite(q)) return false;
        foreach (var v in qvel) if (!double.IsFinite(v)) return false;
        return qpos[2] >= AntMinZ && qpos[2] <= AntMaxZ;
    }

    private void WriteObservation(int i)
    {
        var qpos = _qpos.AsSpan(i * _nq, _nq);
        var qvel = _qvel.AsSpan(i * _nv, _nv);
        var o = _obs.AsSpan(i * ObsDim, ObsDim);
        var skip = _config.Body == MujocoBody.Hopper ? 1 : 2;
        var k = 0;
        for (var j = skip; j < _nq; j++) o[k++] = (float)qpos[j];
        for (var j = 0; j < _nv; j++)
            o[k++] = (float)(_config.Body == MujocoBody.Hopper ? Math.Clamp(qvel[j], -HopperVelocityClip, HopperVelocityClip) : qvel[j]);
    }

    /// <summary>Benchmark: wall seconds of a plain C loop (no C#) stepping environments begin..end-1 with the given controls.</summary>
    public double BenchPlainLoop(int begin, int end, ReadOnlySpan<double> ctrlSequence, int steps) =>
        _batch.BenchPlain(begin, end, ctrlSequence, steps, _config.FrameSkip);

    public void Dispose()
    {
        _workers?.Dispose();
        _batch.Dispose();
    }
}
