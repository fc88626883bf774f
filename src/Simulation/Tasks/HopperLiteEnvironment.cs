using EvoPo.Simulation.Random;

namespace EvoPo.Simulation.Tasks;

/// <summary>
/// A batch of "hopper-lite" bodies (docs/tasks.md): balance an unstable pitch while pushing forward; falling
/// ends the episode. The task the agents learn from scratch, as the seed paper's Hopper.
/// </summary>
public sealed class HopperLiteEnvironment : IBatchedEnvironment
{
    public const int ObservationSize = 3;
    public const int Actions = 2;

    private readonly HopperLiteConfig _config;
    private readonly double[] _theta, _omega, _v;
    private readonly int[] _t;
    private readonly bool[] _done;
    private readonly float[] _obs;

    public HopperLiteEnvironment(int count, HopperLiteConfig config)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(config.EpisodeLength);
        _config = config;
        Count = count;
        _theta = new double[count];
        _omega = new double[count];
        _v = new double[count];
        _t = new int[count];
        _done = new bool[count];
        _obs = new float[count * ObservationSize];
        Array.Fill(_done, true);
    }

    public int Count { get; }

    public int ObsDim => ObservationSize;

    public int ActDim => Actions;

    public int EpisodeLength => _config.EpisodeLength;

    public ReadOnlySpan<float> Observations => _obs;

    /// <summary>(θ, ω) of the start state named by <paramref name="startSeed"/>; v starts at 0.</summary>
    public static (double Theta, double Omega) StartState(ulong startSeed, HopperLiteConfig config)
    {
        var rng = CounterRng.Create(startSeed);
        return ((2 * rng.UniformAt(0) - 1) * config.StartAngleRange, (2 * rng.UniformAt(1) - 1) * config.StartRateRange);
    }

    public void Reset(ReadOnlySpan<ulong> startSeeds)
    {
        if (startSeeds.Length != Count) throw new ArgumentException($"expected {Count} start seeds, got {startSeeds.Length}", nameof(startSeeds));
        for (var i = 0; i < Count; i++)
        {
            (_theta[i], _omega[i]) = StartState(startSeeds[i], _config);
            _v[i] = 0;
            _t[i] = 0;
            _done[i] = false;
            WriteObservation(i);
        }
    }

    public void Step(ReadOnlySpan<float> actions, Span<double> rewards, Span<bool> done)
    {
        if (actions.Length != Count * Actions) throw new ArgumentException($"expected {Count * Actions} actions, got {actions.Length}", nameof(actions));
        if (rewards.Length != Count || done.Length != Count) throw new ArgumentException($"rewards and done need length {Count}");
        var c = _config;
        for (var i = 0; i < Count; i++)
        {
            if (_done[i])
            {
                rewards[i] = 0;
                done[i] = true;
                continue;
            }
            var torque = Math.Clamp((double)actions[i * Actions], -1.0, 1.0);
            var push = Math.Clamp((double)actions[i * Actions + 1], -1.0, 1.0);
            _omega[i] += c.Dt * (c.Gravity * Math.Sin(_theta[i]) - c.TorqueGain * torque + c.TipGain * push);
            _theta[i] += c.Dt * _omega[i];
            _v[i] = (1 - c.Drag) * _v[i] + c.Force * push * Math.Cos(_theta[i]);
            _t[i]++;
            rewards[i] = c.AliveBonus + _v[i] - c.CtrlCost * (torque * torque + push * push);
            var finished = Math.Abs(_theta[i]) > c.FallAngle || _t[i] >= c.EpisodeLength;
            _done[i] = finished;
            done[i] = finished;
            WriteObservation(i);
        }
    }

    private void WriteObservation(int i)
    {
        _obs[i * ObservationSize] = (float)_theta[i];
        _obs[i * ObservationSize + 1] = (float)_omega[i];
        _obs[i * ObservationSize + 2] = (float)_v[i];
    }
}
