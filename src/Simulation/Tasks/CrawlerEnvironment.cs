using EvoPo.Simulation.Random;

namespace EvoPo.Simulation.Tasks;

/// <summary>
/// A batch of 2-D four-legged crawlers (docs/tasks.md). State lives in structure-of-arrays doubles so a
/// step is one tight loop per environment with no allocation.
/// </summary>
public sealed class CrawlerEnvironment : IBatchedEnvironment
{
    public const int ObservationSize = 9;
    public const int Legs = 4;

    private readonly CrawlerConfig _config;
    private readonly double[] _dirX = new double[Legs];
    private readonly double[] _dirY = new double[Legs];
    private readonly double[] _y, _vx, _vy, _phase0;
    private readonly int[] _t;
    private readonly bool[] _done;
    private readonly float[] _obs;

    public CrawlerEnvironment(int count, CrawlerConfig config)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(config.EpisodeLength);
        if (config.LegDirections.Count != Legs)
            throw new ArgumentException($"crawler needs {Legs} leg directions, got {config.LegDirections.Count}", nameof(config));
        _config = config;
        for (var i = 0; i < Legs; i++) (_dirX[i], _dirY[i]) = config.LegDirections[i];
        Count = count;
        _y = new double[count];
        _vx = new double[count];
        _vy = new double[count];
        _phase0 = new double[count];
        _t = new int[count];
        _done = new bool[count];
        _obs = new float[count * ObservationSize];
        // Until Reset every environment counts as finished, so a forgotten Reset cannot yield rewards.
        Array.Fill(_done, true);
    }

    public int Count { get; }

    public int ObsDim => ObservationSize;

    public int ActDim => Legs;

    public int EpisodeLength => _config.EpisodeLength;

    public ReadOnlySpan<float> Observations => _obs;

    public void Reset(ReadOnlySpan<ulong> startSeeds)
    {
        if (startSeeds.Length != Count) throw new ArgumentException($"expected {Count} start seeds, got {startSeeds.Length}", nameof(startSeeds));
        for (var i = 0; i < Count; i++)
        {
            var rng = CounterRng.Create(startSeeds[i]);
            _y[i] = (2 * rng.UniformAt(0) - 1) * _config.StartYRange;
            _vy[i] = (2 * rng.UniformAt(1) - 1) * _config.StartVyRange;
            _phase0[i] = 2 * Math.PI * rng.UniformAt(2);
            _vx[i] = 0;
            _t[i] = 0;
            _done[i] = false;
            WriteObservation(i);
        }
    }

    public void Step(ReadOnlySpan<float> actions, Span<double> rewards, Span<bool> done)
    {
        if (actions.Length != Count * Legs) throw new ArgumentException($"expected {Count * Legs} actions, got {actions.Length}", nameof(actions));
        if (rewards.Length != Count || done.Length != Count) throw new ArgumentException($"rewards and done need length {Count}");
        var c = _config;
        Span<double> stance = stackalloc double[Legs];
        for (var i = 0; i < Count; i++)
        {
            if (_done[i])
            {
                rewards[i] = 0;
                done[i] = true;
                continue;
            }
            Stance(i, stance);
            double fx = 0, fy = 0, actionSq = 0;
            var a = actions.Slice(i * Legs, Legs);
            for (var leg = 0; leg < Legs; leg++)
            {
                var ai = Math.Clamp((double)a[leg], -1.0, 1.0);
                actionSq += ai * ai;
                var push = stance[leg] * ai;
                fx += push * _dirX[leg];
                fy += push * _dirY[leg];
            }
            var a3 = Math.Clamp((double)a[3], -1.0, 1.0);
            _vx[i] = (1 - c.Drag) * _vx[i] + c.Force * fx;
            _vy[i] = (1 - c.Drag) * _vy[i] + c.Force * fy;
            _y[i] += c.Dt * _vy[i];
            _t[i]++;
            rewards[i] = _vx[i] - c.CtrlCost * actionSq - c.LateralCost * _y[i] * _y[i] - c.LegPenalty * a3 * a3;
            var finished = Math.Abs(_y[i]) > c.FallBound || _t[i] >= c.EpisodeLength;
            _done[i] = finished;
            done[i] = finished;
            WriteObservation(i);
        }
    }

    // Legs are a quarter cycle apart, so one sin/cos pair gives all four stance strengths.
    private void Stance(int i, Span<double> stance)
    {
        var phase = _phase0[i] + _t[i] * _config.PhaseStep;
        var (s, co) = Math.SinCos(phase);
        stance[0] = Math.Max(0, s);
        stance[1] = Math.Max(0, co);
        stance[2] = Math.Max(0, -s);
        stance[3] = Math.Max(0, -co);
    }

    private void WriteObservation(int i)
    {
        var phase = _phase0[i] + _t[i] * _config.PhaseStep;
        var (s, co) = Math.SinCos(phase);
        var o = _obs.AsSpan(i * ObservationSize, ObservationSize);
        o[0] = (float)_vx[i];
        o[1] = (float)_vy[i];
        o[2] = (float)_y[i];
        o[3] = (float)s;
        o[4] = (float)co;
        o[5] = (float)Math.Max(0, s);
        o[6] = (float)Math.Max(0, co);
        o[7] = (float)Math.Max(0, -s);
        o[8] = (float)Math.Max(0, -co);
    }
}
