using EvoPo.Simulation.Normalization;
using EvoPo.Simulation.Policies;
using EvoPo.Simulation.Random;
using EvoPo.Simulation.Tasks;

namespace EvoPo.Simulation.Evaluation;

/// <summary>
/// Mean true return of K policies over E episodes, all K·E environments stepped together. Episode e is keyed
/// by CounterRng (evalSeed, e): its start state and action noise are the same for every policy (common random
/// numbers), so differences between policies are not sampling noise. Not thread-safe (it reuses buffers).
/// </summary>
public sealed class PolicyEvaluator(TaskDescriptor task, int episodes, ulong evalSeed, bool deterministic = false)
{
    private RolloutEngine? _engine;
    private int[] _offsets = [];
    private ulong[] _starts = [];
    private CounterRng[] _noise = [];
    private double[] _returns = [];
    private int[] _lengths = [];

    public TaskDescriptor Task { get; } = task;

    public int Episodes { get; } = episodes > 0 ? episodes : throw new ArgumentOutOfRangeException(nameof(episodes), episodes, "need at least one episode");

    public ulong EvalSeed { get; } = evalSeed;

    public bool Deterministic { get; } = deterministic;

    /// <summary>The start-state seed of episode e (also used by anyone who wants to replay it).</summary>
    public static ulong StartSeed(ulong evalSeed, int episode) => CounterRng.Create(evalSeed, (ulong)episode).Fork(0).UInt64At(0);

    /// <summary>The action-noise key of episode e.</summary>
    public static CounterRng NoiseKey(ulong evalSeed, int episode) => CounterRng.Create(evalSeed, (ulong)episode).Fork(1);

    public EvaluationResult Evaluate(IReadOnlyList<Agent> agents) => Evaluate(agents.Select(a => a.CreatePolicy()).ToArray());

    /// <param name="observations">When given (one per policy), each policy's raw observations over its episodes are added to its statistics.</param>
    public EvaluationResult Evaluate(IReadOnlyList<GaussianMlp> policies, IReadOnlyList<ObservationStatistics>? observations = null)
    {
        if (policies.Count == 0) throw new ArgumentException("need at least one policy", nameof(policies));
        Prepare(policies.Count);
        _engine!.Run(policies, _offsets, _starts, _noise, !Deterministic, _returns, _lengths, observations: observations);

        var means = new double[policies.Count];
        var perEpisode = new double[policies.Count][];
        var lengths = new int[policies.Count][];
        for (var k = 0; k < policies.Count; k++)
        {
            perEpisode[k] = _returns.AsSpan(k * Episodes, Episodes).ToArray();
            lengths[k] = _lengths.AsSpan(k * Episodes, Episodes).ToArray();
            var sum = 0.0;
            foreach (var r in perEpisode[k]) sum += r;
            means[k] = sum / Episodes;
        }
        return new EvaluationResult(means, perEpisode, lengths);
    }

    private void Prepare(int k)
    {
        if (_engine is not null && _engine.Count == k * Episodes) return;
        var n = k * Episodes;
        _engine = new RolloutEngine(Task, n);
        _offsets = new int[k + 1];
        for (var i = 0; i <= k; i++) _offsets[i] = i * Episodes;
        _starts = new ulong[n];
        _noise = new CounterRng[n];
        for (var i = 0; i < n; i++)
        {
            _starts[i] = StartSeed(EvalSeed, i % Episodes);
            _noise[i] = NoiseKey(EvalSeed, i % Episodes);
        }
        _returns = new double[n];
        _lengths = new int[n];
    }
}
