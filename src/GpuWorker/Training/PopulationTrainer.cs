using EvoPo.GpuWorker.Objectives;
using EvoPo.GpuWorker.Torch;
using EvoPo.Simulation.Random;
using TorchSharp;
using static TorchSharp.torch;

namespace EvoPo.GpuWorker.Training;

/// <summary>
/// Trains K agents at once from the same initial policy, each with its own objective and minibatch order.
/// Parameters are one <c>[K, P]</c> tensor in the flat policy layout; a step is
/// minibatch → log-probs → per-agent loss → backward → per-agent clip → per-agent Adam, and nothing in it mixes
/// agents, so agent k's result equals a K = 1 run with the same seed and objective. Autograd tapes only the
/// objectives (from ℓ_w, ℓ_l on); the policy's forward and backward passes are <see cref="BatchedGaussianMlp"/>'s
/// hand-written ones, which are most of a step's arithmetic.
/// <para>
/// Schedule: one-step agents train their loss for <see cref="TrainingSettings.Epochs"/> epochs from epoch 0;
/// two-step agents train SFT for <see cref="TrainingSettings.SftEpochs"/> epochs, then their loss for
/// <see cref="TrainingSettings.TwoStepEpochs"/> against the reference frozen at that moment. Both run side by
/// side; an agent outside its schedule sits steps out. Agent k's minibatch order in an epoch is the permutation
/// from <c>CounterRng.Create(seed_k, phase, epochInPhase)</c>, phase 0 = SFT, 1 = preference loss; the last
/// minibatch of an epoch may be smaller. The loss of one agent is the mean of its per-pair losses over its
/// minibatch; the batch loss is the sum over agents.
/// </para>
/// </summary>
public sealed class PopulationTrainer : IDisposable
{
    private const ulong SftPhase = 0;
    private const ulong PreferencePhase = 1;

    private readonly PolicySpec _policy;
    private readonly TrainingSettings _settings;
    private readonly Device _device;
    private readonly ScalarType _dtype;
    private readonly BatchedGaussianMlp _mlp;
    private readonly DevicePairs _data;
    private readonly int _pairs;

    public PopulationTrainer(PolicySpec policy, PreferencePairs data, TrainingSettings settings)
    {
        TorchRuntime.EnsureLoaded();
        NativeHeap.KeepLargeBlocks();
        policy.Validate();
        settings.Validate();
        data.Validate(policy);
        _policy = policy;
        _settings = settings;
        _device = TorchRuntime.Device(settings.Device);
        _dtype = settings.Float64 ? ScalarType.Float64 : ScalarType.Float32;
        _mlp = new BatchedGaussianMlp(policy);
        _data = new DevicePairs(data, _dtype, _device, StepAlignment(data.Count, settings));
        _pairs = data.Count;
    }

    public PolicySpec Policy => _policy;

    public TrainingSettings Settings => _settings;

    /// <summary>Optimizer steps per epoch: the pairs split into minibatches of <see cref="TrainingSettings.MinibatchPairs"/>.</summary>
    public int StepsPerEpoch => (_pairs + _settings.MinibatchPairs - 1) / _settings.MinibatchPairs;

    public IReadOnlyList<AgentTrainingResult> Train(ReadOnlySpan<float> initialParameters, IReadOnlyList<AgentTrainingSpec> agents, CancellationToken cancellation = default)
    {
        if (initialParameters.Length != _policy.ParameterCount)
            throw new ArgumentException($"initial parameters hold {initialParameters.Length} values, the policy needs {_policy.ParameterCount}");
        if (agents.Count == 0) return [];
        foreach (var agent in agents)
        {
            ObjectiveCatalog.Validate(agent.Objective);
            if (ObjectiveCatalog.NeedsBehaviourLogProbs(agent.Objective.Name) && _data.ChosenBehaviour is null)
                throw new ArgumentException($"objective '{agent.Objective.Name}' needs behaviour log-probs ℓ^μ, and this dataset has none");
        }

        var k = agents.Count;
        var twoStep = agents.Select(a => ObjectiveCatalog.IsTwoStep(a.Objective.Name)).ToArray();
        var groups = ObjectiveGroups(agents);
        try
        {
            using var run = new RunState(this, initialParameters, k);
            var epochs = agents.Select((_, i) => twoStep[i] ? _settings.SftEpochs + _settings.TwoStepEpochs : _settings.Epochs).Max();
            for (var epoch = 0; epoch < epochs; epoch++)
            {
                if (epoch == _settings.SftEpochs && twoStep.Any(t => t)) FreezeReference(run, twoStep);
                var phases = agents.Select((_, i) => PhaseOf(twoStep[i], epoch)).ToArray();
                var orders = agents.Select((a, i) => phases[i] is { } p
                    ? CounterRng.Create(a.Seed, p.Phase, (ulong)p.EpochInPhase).Stream().Permutation(_pairs)
                    : null).ToArray();
                var scheduled = phases.Select(p => p is not null).ToArray();
                var inSft = phases.Select(p => p?.Phase == SftPhase).ToArray();
                using (NewDisposeScope()) run.StartEpoch(scheduled);
                for (var step = 0; step < StepsPerEpoch; step++)
                {
                    cancellation.ThrowIfCancellationRequested();
                    Step(run, groups, orders, step, scheduled, inSft);
                }
                using (NewDisposeScope()) run.EndEpoch(scheduled, StepsPerEpoch);
            }
            return run.Results();
        }
        finally
        {
            foreach (var group in groups) group.Objective.Dispose();
        }
    }

    public void Dispose()
    {
        _data.Dispose();
    }

    /// <summary>
    /// Agent k's block of a batched tensor starts k·m·S elements in; when every block is a whole number of SIMD
    /// vectors (16 floats covers AVX-512), no agent's values fall in a kernel's scalar tail, so agents with the
    /// same seed and objective stay bitwise equal within a batch. S is padded to the smallest step count that
    /// does this for every minibatch and reference-chunk size this dataset produces.
    /// </summary>
    private static int StepAlignment(int pairs, TrainingSettings settings)
    {
        const int vector = 16;
        var sizes = new[] { Math.Min(settings.MinibatchPairs, pairs), pairs % settings.MinibatchPairs,
                            Math.Min(settings.ReferenceChunkPairs, pairs), pairs % settings.ReferenceChunkPairs };
        // A block of m pairs is whole vectors when S is a multiple of vector / gcd(vector, m); for a power of two,
        // gcd(vector, m) is m's lowest set bit, capped at vector.
        return sizes.Where(m => m > 0).Select(m => vector / Math.Min(m & -m, vector)).Max();
    }

    private (ulong Phase, int EpochInPhase)? PhaseOf(bool twoStep, int epoch)
    {
        if (!twoStep) return epoch < _settings.Epochs ? (PreferencePhase, epoch) : null;
        if (epoch < _settings.SftEpochs) return (SftPhase, epoch);
        var local = epoch - _settings.SftEpochs;
        return local < _settings.TwoStepEpochs ? (PreferencePhase, local) : null;
    }

    private List<ObjectiveGroup> ObjectiveGroups(IReadOnlyList<AgentTrainingSpec> agents)
    {
        var groups = new List<ObjectiveGroup>();
        try
        {
            var keys = agents.Select(a => ObjectiveCatalog.BatchKey(a.Objective)).ToArray();
            foreach (var key in keys.Distinct())
            {
                var rows = Enumerable.Range(0, agents.Count).Where(i => keys[i] == key).ToArray();
                var objective = ObjectiveCatalog.Create(rows.Select(i => agents[i].Objective).ToArray(), _device, _dtype);
                groups.Add(new ObjectiveGroup(objective, rows));
            }
            return groups;
        }
        catch
        {
            foreach (var group in groups) group.Objective.Dispose();
            throw;
        }
    }

    private void Step(RunState run, List<ObjectiveGroup> groups, int[]?[] orders, int step, bool[] scheduled, bool[] inSft)
    {
        using var scope = NewDisposeScope();
        var k = orders.Length;
        var start = step * _settings.MinibatchPairs;
        var m = Math.Min(_settings.MinibatchPairs, _pairs - start);
        var indices = new long[k * m];
        for (var a = 0; a < k; a++)
            for (var j = 0; j < m; j++)
                indices[a * m + j] = orders[a] is { } order ? order[start + j] : j; // off-schedule rows compute but never update

        var pairIndex = tensor(indices, device: _device);
        var (tape, chosenSum, rejectedSum) = SequenceLogProbs(run.Parameters, pairIndex, k, m);
        // Autograd tapes only the objectives, from ℓ_w, ℓ_l [K, m] on; the MLP's part is BatchedGaussianMlp.Gradient.
        var chosen = chosenSum.requires_grad_(true);
        var rejected = rejectedSum.requires_grad_(true);
        var pairs = new PairLogProbs(
            chosen,
            rejected,
            _data.ChosenLengths.index_select(0, pairIndex).view(k, m),
            _data.RejectedLengths.index_select(0, pairIndex).view(k, m),
            run.ChosenReference?.gather(1, pairIndex.view(k, m)) ?? chosen.detach(),
            run.RejectedReference?.gather(1, pairIndex.view(k, m)) ?? rejected.detach(),
            _policy.LogProbMax,
            _data.ChosenBehaviour?.index_select(0, pairIndex).view(k, m),
            _data.RejectedBehaviour?.index_select(0, pairIndex).view(k, m));

        var sftLoss = inSft.Any(s => s) ? (-pairs.ChosenMean).mean([1]) : zeros(k, dtype: _dtype, device: _device);
        var preferenceLoss = inSft.Zip(scheduled).Any(x => x.Second && !x.First)
            ? PreferenceLoss(groups, pairs, k)
            : zeros(k, dtype: _dtype, device: _device);
        var active = run.Active(scheduled);
        var loss = where(active, where(Mask(inSft), sftLoss, preferenceLoss), zeros_like(sftLoss));
        var (chosenGradient, rejectedGradient) = SideGradients(loss, chosen, rejected);

        using (no_grad())
        {
            var stepGradient = _data.SpreadSides(chosenGradient, rejectedGradient, tape.Mask).view(k, -1);
            var (gradient, norm) = PerAgentClipping.Clip(_mlp.Gradient(tape.Mlp, stepGradient), _settings.MaxGradNorm);
            var healthy = loss.isfinite().logical_and(norm.isfinite());
            run.MarkFailed(active.logical_and(healthy.logical_not()));
            var updating = active.logical_and(healthy);
            run.Adam.Step(run.Parameters, where(updating.unsqueeze(1), gradient, zeros_like(gradient)), updating, scheduled);
            run.MarkFailed(run.Parameters.isfinite().all(1).logical_not());
            run.Record(updating, loss);
        }
    }

    /// <summary>∂(Σ_k loss_k)/∂ℓ_w and ∂/∂ℓ_l, each <c>[K, m]</c> (zero where the loss does not depend on that side).</summary>
    private static (Tensor Chosen, Tensor Rejected) SideGradients(Tensor loss, Tensor chosen, Tensor rejected)
    {
        if (loss.requires_grad) loss.sum().backward();
        return (chosen.grad ?? zeros_like(chosen), rejected.grad ?? zeros_like(rejected));
    }

    /// <summary>Each objective on its own agents' rows; the per-agent means are put back in agent order.</summary>
    private static Tensor PreferenceLoss(List<ObjectiveGroup> groups, PairLogProbs pairs, int k)
    {
        if (groups.Count == 1) return groups[0].Objective.PairLoss(pairs).mean([1]);
        var parts = new List<Tensor>();
        var order = new List<long>();
        foreach (var group in groups)
        {
            var rows = tensor(group.Rows.Select(r => (long)r).ToArray(), device: pairs.Chosen.device);
            parts.Add(group.Objective.PairLoss(pairs.SelectAgents(rows)).mean([1]));
            order.AddRange(group.Rows.Select(r => (long)r));
        }
        var inverse = new long[k];
        for (var position = 0; position < order.Count; position++) inverse[order[position]] = position;
        return cat(parts, 0).index_select(0, tensor(inverse, device: pairs.Chosen.device));
    }

    /// <summary>ℓ_w, ℓ_l <c>[K, m]</c>: per-step log-probs summed over valid steps, both sides in one forward pass, and its tape.</summary>
    private (StepTape Tape, Tensor Chosen, Tensor Rejected) SequenceLogProbs(Tensor parameters, Tensor pairIndex, int k, int m)
    {
        var steps = (long)m * _data.StepsPerPair;
        var observations = _data.Observations.index_select(0, pairIndex).view(k, steps, _policy.ObsDim);
        var actions = _data.Actions.index_select(0, pairIndex).view(k, steps, _policy.ActDim);
        var mask = _data.Mask.index_select(0, pairIndex).view(k, m, _data.StepsPerPair);
        var tape = _mlp.Forward(parameters, observations, actions);
        var (chosen, rejected) = _data.SumSides(tape.LogProb.view(k, m, _data.StepsPerPair), mask);
        return (new StepTape(tape, mask), chosen, rejected);
    }

    /// <summary>
    /// The reference of two-step agents is their policy now (after SFT): ℓ^ref for every pair under the frozen
    /// parameters, computed once in chunks rather than a second forward pass per step.
    /// </summary>
    private void FreezeReference(RunState run, bool[] twoStep)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var (chosen, rejected) = AllPairLogProbs(run.Parameters.detach());
        run.SetReference(chosen, rejected);
        if (_settings.ResetAdamAfterSft) run.Adam.Reset(twoStep);
    }

    /// <summary>
    /// ℓ_w, ℓ_l and T_w, T_l of every pair of the data under one policy (a diagnostic: the margins the objectives
    /// meet, e.g. for <c>evopo bench leverage</c>), in the data's pair order.
    /// </summary>
    public (double[] Chosen, double[] Rejected, double[] ChosenLength, double[] RejectedLength) PairLogProbs(ReadOnlySpan<float> parameters)
    {
        if (parameters.Length != _policy.ParameterCount)
            throw new ArgumentException($"parameters hold {parameters.Length} values, the policy needs {_policy.ParameterCount}");
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var flat = tensor(parameters.ToArray(), dtype: ScalarType.Float32).to(_dtype, _device).view(1, -1);
        var (chosen, rejected) = AllPairLogProbs(flat);
        static double[] Values(Tensor t) => t.to(ScalarType.Float64).cpu().data<double>().ToArray();
        return (Values(chosen), Values(rejected), Values(_data.ChosenLengths), Values(_data.RejectedLengths));
    }

    /// <summary>ℓ_w, ℓ_l <c>[K, pairs]</c> under the fixed parameters <c>[K, P]</c>, in chunks of <see cref="TrainingSettings.ReferenceChunkPairs"/>.</summary>
    private (Tensor Chosen, Tensor Rejected) AllPairLogProbs(Tensor frozen)
    {
        var k = frozen.shape[0];
        var chosen = new List<Tensor>();
        var rejected = new List<Tensor>();
        for (var start = 0; start < _pairs; start += _settings.ReferenceChunkPairs)
        {
            var count = Math.Min(_settings.ReferenceChunkPairs, _pairs - start);
            var steps = (long)count * _data.StepsPerPair;
            var observations = _data.Observations.narrow(0, start, count).reshape(1, steps, _policy.ObsDim).expand(k, steps, _policy.ObsDim);
            var actions = _data.Actions.narrow(0, start, count).reshape(1, steps, _policy.ActDim).expand(k, steps, _policy.ActDim);
            var stepLogProbs = _mlp.LogProb(frozen, observations, actions).view(k, count, _data.StepsPerPair);
            var (c, r) = _data.SumSides(stepLogProbs, _data.Mask.narrow(0, start, count).unsqueeze(0));
            chosen.Add(c);
            rejected.Add(r);
        }
        return (cat(chosen, 1), cat(rejected, 1));
    }

    private Tensor Mask(bool[] values) => tensor(values, device: _device);

    private sealed record ObjectiveGroup(IObjective Objective, int[] Rows);

    private sealed record StepTape(BatchedGaussianMlp.Tape Mlp, Tensor Mask);

    /// <summary>The tensors of one Train call that outlive a step: parameters, optimizer, reference, failure and loss bookkeeping.</summary>
    private sealed class RunState : IDisposable
    {
        private readonly PopulationTrainer _trainer;
        private readonly Tensor _failed;
        private readonly Tensor _updates;
        private readonly Tensor _epochLoss;
        private readonly Tensor _finalLoss;

        public RunState(PopulationTrainer trainer, ReadOnlySpan<float> initial, int k)
        {
            _trainer = trainer;
            var device = trainer._device;
            var dtype = trainer._dtype;
            using (NewDisposeScope())
            {
                Parameters = tensor(initial.ToArray()).to(dtype, device).unsqueeze(0).repeat(k, 1).contiguous()
                    .MoveToOuterDisposeScope().DetachFromDisposeScope();
            }
            Adam = new PerAgentAdam(k, Parameters.shape[1], trainer._settings, dtype, device);
            _failed = zeros(k, dtype: ScalarType.Bool, device: device).DetachFromDisposeScope();
            _updates = zeros(k, dtype: ScalarType.Int64, device: device).DetachFromDisposeScope();
            _epochLoss = zeros(k, dtype: dtype, device: device).DetachFromDisposeScope();
            _finalLoss = full(k, double.NaN, dtype: dtype, device: device).DetachFromDisposeScope();
        }

        public Tensor Parameters { get; }

        public PerAgentAdam Adam { get; }

        public Tensor? ChosenReference { get; private set; }

        public Tensor? RejectedReference { get; private set; }

        public Tensor Active(bool[] scheduled) => _trainer.Mask(scheduled).logical_and(_failed.logical_not());

        public void MarkFailed(Tensor newlyFailed) => _failed.logical_or_(newlyFailed);

        public void SetReference(Tensor chosen, Tensor rejected)
        {
            ChosenReference?.Dispose();
            RejectedReference?.Dispose();
            ChosenReference = chosen.MoveToOuterDisposeScope().DetachFromDisposeScope();
            RejectedReference = rejected.MoveToOuterDisposeScope().DetachFromDisposeScope();
        }

        public void StartEpoch(bool[] scheduled) => _epochLoss.masked_fill_(_trainer.Mask(scheduled), 0);

        public void Record(Tensor updating, Tensor loss)
        {
            _updates.add_(updating.to(ScalarType.Int64));
            _epochLoss.add_(where(updating, loss.detach(), zeros_like(_epochLoss)));
        }

        public void EndEpoch(bool[] scheduled, int steps) =>
            _finalLoss.copy_(where(_trainer.Mask(scheduled), _epochLoss / steps, _finalLoss));

        public IReadOnlyList<AgentTrainingResult> Results()
        {
            using var scope = NewDisposeScope();
            var k = (int)Parameters.shape[0];
            var width = (int)Parameters.shape[1];
            var parameters = Parameters.detach().to(ScalarType.Float32).cpu().data<float>().ToArray();
            var failed = _failed.cpu().data<bool>().ToArray();
            var updates = _updates.cpu().data<long>().ToArray();
            var losses = _finalLoss.to(ScalarType.Float64).cpu().data<double>().ToArray();
            return Enumerable.Range(0, k).Select(a => new AgentTrainingResult(
                parameters.AsSpan(a * width, width).ToArray(),
                failed[a] ? double.NaN : losses[a],
                failed[a],
                updates[a])).ToArray();
        }

        public void Dispose()
        {
            Parameters.Dispose();
            Adam.Dispose();
            ChosenReference?.Dispose();
            RejectedReference?.Dispose();
            _failed.Dispose();
            _updates.Dispose();
            _epochLoss.Dispose();
            _finalLoss.Dispose();
        }
    }
}
