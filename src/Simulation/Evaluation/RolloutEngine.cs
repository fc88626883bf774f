using EvoPo.Simulation.Normalization;
using EvoPo.Simulation.Policies;
using EvoPo.Simulation.Random;
using EvoPo.Simulation.Tasks;

namespace EvoPo.Simulation.Evaluation;

/// <summary>
/// Steps one batch of environments where consecutive groups of rows belong to different policies: per step
/// one environment step of all rows and one batched policy forward (<see cref="PolicyBatch.Mean"/>) over all rows. Buffers are allocated once per engine, so repeated runs allocate
/// nothing in the step loop. Used by the evaluator and by the dataset builder.
/// </summary>
public sealed class RolloutEngine : IDisposable
{
    private readonly IBatchedEnvironment _env;
    private readonly float[] _means, _stored, _actions;
    private readonly double[] _rewards;
    private readonly bool[] _done, _active;

    public RolloutEngine(TaskDescriptor task, int count)
    {
        Task = task;
        _env = task.CreateBatch(count);
        Count = count;
        _means = new float[count * task.ActDim];
        _stored = new float[count * task.ActDim];
        _actions = new float[count * task.ActDim];
        _rewards = new double[count];
        _done = new bool[count];
        _active = new bool[count];
    }

    public TaskDescriptor Task { get; }

    /// <summary>
    /// Frees the environments' native state now (MuJoCo's per-environment <c>mjData</c>, megabytes each) rather than when
    /// the finalizer runs: a worker that builds one engine per unit would otherwise hold many units' worth.
    /// </summary>
    public void Dispose() => (_env as IDisposable)?.Dispose();

    public int Count { get; }

    /// <summary>Steps of the last <see cref="Run"/> (the longest episode's length).</summary>
    public int LastRunSteps { get; private set; }

    /// <summary>Batched policy forwards of the last <see cref="Run"/>: one per step.</summary>
    public long LastRunForwards { get; private set; }

    /// <summary>
    /// Runs every environment to the end of its episode. Rows groupOffsets[k] .. groupOffsets[k+1]-1 act with
    /// policies[k]. Row i starts from startSeeds[i]; when stochastic, its action noise at step t, dimension d is
    /// noise[i].GaussianAt(t·ActDim + d), so a row's trajectory depends only on its own keys and policy. The recording
    /// holds the stored action u (<see cref="GaussianMlp.Stored"/>) and its log-prob; the environment steps with
    /// <see cref="GaussianMlp.Execute"/> of it, tanh(u) for a squashed policy (tanh of the clamped mean when deterministic).
    /// With <paramref name="observations"/> (one per policy), every raw observation a policy acts on is added to its
    /// statistics, step by step and row by row within its group, so they depend only on that policy's own rows.
    /// </summary>
    public void Run(
        IReadOnlyList<GaussianMlp> policies,
        ReadOnlySpan<int> groupOffsets,
        ReadOnlySpan<ulong> startSeeds,
        ReadOnlySpan<CounterRng> noise,
        bool stochastic,
        Span<double> returns,
        Span<int> lengths,
        TrajectoryRecording? recording = null,
        IReadOnlyList<ObservationStatistics>? observations = null)
    {
        var obsDim = Task.ObsDim;
        var actDim = Task.ActDim;
        var maxT = Task.EpisodeLength;
        if (groupOffsets.Length != policies.Count + 1 || groupOffsets[0] != 0 || groupOffsets[^1] != Count)
            throw new ArgumentException($"group offsets must run from 0 to {Count} with one group per policy", nameof(groupOffsets));
        if (startSeeds.Length != Count || noise.Length != Count || returns.Length != Count || lengths.Length != Count)
            throw new ArgumentException($"start seeds, noise keys, returns and lengths need length {Count}");
        foreach (var p in policies)
            if (p.Shape.ObsDim != obsDim || p.Shape.ActDim != actDim)
                throw new ArgumentException($"policy {p.Shape} does not fit task {Task}", nameof(policies));
        if (observations is not null && (observations.Count != policies.Count || observations.Any(o => o.Dimension != obsDim)))
            throw new ArgumentException($"need one {obsDim}-dimensional observation statistics per policy", nameof(observations));
        var batch = new PolicyBatch(policies);
        if (recording is not null && (recording.Count != Count || recording.MaxLength != maxT || recording.ObsDim != obsDim || recording.ActDim != actDim))
            throw new ArgumentException("recording does not match this engine", nameof(recording));

        _env.Reset(startSeeds);
        returns.Clear();
        lengths.Clear();
        Array.Fill(_active, true);
        recording?.Clear();
        LastRunSteps = 0;

        for (var t = 0; t < maxT; t++)
        {
            var obs = _env.Observations;
            batch.Mean(obs, groupOffsets, _means);
            LastRunSteps++;

            for (var k = 0; k < policies.Count; k++)
            {
                var std = policies[k].Std;
                var policy = policies[k];
                for (var i = groupOffsets[k]; i < groupOffsets[k + 1]; i++)
                {
                    if (!_active[i]) continue;
                    observations?[k].Add(obs.Slice(i * obsDim, obsDim));
                    var mean = _means.AsSpan(i * actDim, actDim);
                    var stored = _stored.AsSpan(i * actDim, actDim);
                    for (var d = 0; d < actDim; d++)
                        stored[d] = policy.Stored(stochastic ? mean[d] + std[d] * noise[i].GaussianAt((ulong)(t * actDim + d)) : mean[d]);
                    policy.Execute(stored, _actions.AsSpan(i * actDim, actDim));
                    if (recording is not null)
                    {
                        obs.Slice(i * obsDim, obsDim).CopyTo(recording.Observations.AsSpan((i * maxT + t) * obsDim, obsDim));
                        stored.CopyTo(recording.Actions.AsSpan((i * maxT + t) * actDim, actDim));
                        recording.BehaviourLogProbs[i * maxT + t] = policy.LogProb(mean, stored);
                    }
                }
            }

            _env.Step(_actions, _rewards, _done);
            var anyActive = false;
            for (var i = 0; i < Count; i++)
            {
                if (!_active[i]) continue;
                returns[i] += _rewards[i];
                lengths[i]++;
                _active[i] = !_done[i];
                anyActive |= _active[i];
            }
            if (!anyActive) break;
        }
        LastRunForwards = batch.ForwardCount;
    }
}
