using EvoPo.GpuWorker.Objectives;
using EvoPo.GpuWorker.Torch;
using EvoPo.GpuWorker.Training;
using EvoPo.Simulation.Policies;
using EvoPo.Simulation.Random;
using static TorchSharp.torch;

namespace EvoPo.GpuWorker.Tests.Training;

/// <summary>
/// The trainer's hand-written MLP gradient (BatchedGaussianMlp) against autograd through the plain design.md
/// policy (tanh layers) and the same objective, in float64, for both policy distributions. One full-batch step with Adam
/// made a scaled identity (lr = ε = 1e6: the first Adam step is then g / (1 + |g|/1e6)), so initial − trained is the
/// gradient. The squashed data holds actions at the clamp |u| = 3, next to it and in the middle; there the Jacobian term
/// does not depend on θ but moves ℓ, so it changes the gradient of every objective that is not linear in ℓ.
/// </summary>
public sealed class PolicyGradientTests
{
    private static readonly PolicySpec Policy = new(ObsDim: 5, Hidden: [8, 6], ActDim: 3, StdMin: 0.05);

    private static readonly PolicySpec SquashedPolicy = Policy with { Distribution = PolicyDistribution.TanhGaussian };

    // Before the data: the squashed data's behaviour log-probs are computed from it.
    private static readonly float[] Initial = SyntheticPreferencePairs.RandomParameters(Policy, seed: 9);

    private static readonly PreferencePairs Data = SyntheticPreferencePairs.Create(Policy, pairs: 10, maxLength: 12, seed: 3, variableLengths: true);

    private static readonly PreferencePairs SquashedData = AtAndNearTheClamp(SyntheticPreferencePairs.Create(SquashedPolicy, pairs: 10, maxLength: 12, seed: 3, variableLengths: true));

    public PolicyGradientTests() => TorchRuntime.EnsureLoaded();

    public static TheoryData<string, int, bool> Objectives => new()
    {
        { "orpo", 0, false }, { "mpo-1s", 379, false }, { "simpo", 0, false }, { "maxpo", 0, false }, { "colpo", 0, false },
        { "orpo", 0, true }, { "mpo-1s", 379, true }, { "simpo", 0, true }, { "maxpo", 0, true }, { "colpo", 0, true }, { "sft", 0, true },
    };

    [Theory]
    [InlineData(false, false)]
    [InlineData(false, true)]
    [InlineData(true, false)]
    [InlineData(true, true)]
    public void Trainer_log_probs_equal_the_float64_reference(bool squashed, bool float64)
    {
        var (policy, data) = squashed ? (SquashedPolicy, SquashedData) : (Policy, Data);
        // SFT's loss is −mean ℓ_w/T_w; one full-batch epoch reports it at the initial parameters.
        var settings = new TrainingSettings(Epochs: 1, SftEpochs: 0, TwoStepEpochs: 0, MinibatchPairs: data.Count, Float64: float64);
        using var trainer = new PopulationTrainer(policy, data, settings);
        var loss = trainer.Train(Initial, [new AgentTrainingSpec(ObjectiveSpec.Default("sft"), Seed: 4)])[0].FinalLoss;
        var expected = -Enumerable.Range(0, data.Count).Average(p =>
            Enumerable.Range(0, data.Chosen.Lengths[p]).Sum(t => ReferencePolicy.StepLogProb(policy, Initial,
                data.Chosen.Observations.AsSpan((p * data.Chosen.MaxLength + t) * policy.ObsDim, policy.ObsDim),
                data.Chosen.Actions.AsSpan((p * data.Chosen.MaxLength + t) * policy.ActDim, policy.ActDim))) / data.Chosen.Lengths[p]);
        Assert.True(Math.Abs(loss - expected) <= (float64 ? 1e-9 : 1e-5) * Math.Abs(expected), $"loss {loss:R}, float64 reference {expected:R}");
    }

    [Theory]
    [MemberData(nameof(Objectives))]
    public void Trainer_gradient_equals_autograd_through_the_tanh_policy(string name, int learned, bool squashed)
    {
        var (policy, data) = squashed ? (SquashedPolicy, SquashedData) : (Policy, Data);
        var spec = new ObjectiveSpec(name, new Dictionary<string, double>(), learned > 0 ? RandomVector(learned, 0.2, 5) : null);
        var settings = new TrainingSettings(Epochs: 1, SftEpochs: 0, TwoStepEpochs: 0, MinibatchPairs: Data.Count,
            LearningRate: 1e6, AdamEpsilon: 1e6, MaxGradNorm: double.PositiveInfinity, Float64: true);
        using var trainer = new PopulationTrainer(policy, data, settings);
        var trained = trainer.Train(Initial, [new AgentTrainingSpec(spec, Seed: 4)])[0];
        Assert.False(trained.Failed);

        var expected = AutogradGradient(spec, policy, data);
        var scale = expected.Max(Math.Abs);
        Assert.True(scale > 1e-3, $"gradient too small to test: {scale}");
        for (var i = 0; i < expected.Length; i++)
        {
            var actual = (double)Initial[i] - trained.Parameters[i];
            Assert.True(Math.Abs(actual - expected[i]) <= 1e-5 * (1 + scale), $"{name}: ∂L/∂θ[{i}] is {actual:R}, autograd says {expected[i]:R}");
        }
    }

    /// <summary>
    /// Synthetic actions squeezed into the clamped range, with fixed steps at the clamp (±3), just inside it (±2.999,
    /// tanh = ±0.99505) and at 0. Behaviour log-probs are the squashed reference's under the initial policy, shifted per
    /// step by up to ±0.5, so MaxPO's importance weights sit near 1 rather than all at their clip.
    /// </summary>
    private static PreferencePairs AtAndNearTheClamp(PreferencePairs pairs)
    {
        foreach (var side in new[] { pairs.Chosen, pairs.Rejected })
        {
            for (var i = 0; i < side.Actions.Length; i++)
                side.Actions[i] = (i % 5) switch { 0 => 3f, 1 => -2.999f, 2 => 0f, _ => Math.Clamp(side.Actions[i] * 2, -3f, 3f) };
            for (var step = 0; step < side.Count * side.MaxLength; step++)
                side.BehaviourLogProbs![step] = (float)(ReferencePolicy.StepLogProb(SquashedPolicy, Initial,
                    side.Observations.AsSpan(step * side.ObsDim, side.ObsDim), side.Actions.AsSpan(step * side.ActDim, side.ActDim)) + 0.5 * Math.Sin(step));
        }
        return pairs with { Distribution = PolicyDistribution.TanhGaussian };
    }

    private static double[] AutogradGradient(ObjectiveSpec spec, PolicySpec policy, PreferencePairs data)
    {
        using var scope = NewDisposeScope();
        var flat = tensor(Initial.Select(x => (double)x).ToArray()).requires_grad_(true);
        var chosen = SideLogProbs(flat, data.Chosen, policy);
        var rejected = SideLogProbs(flat, data.Rejected, policy);
        var pairs = new PairLogProbs(chosen, rejected, Lengths(data.Chosen), Lengths(data.Rejected), chosen.detach(), rejected.detach(), policy.LogProbMax,
            Behaviour(data.Chosen), Behaviour(data.Rejected));
        using var objective = ObjectiveCatalog.Create([spec], CPU, ScalarType.Float64);
        objective.PairLoss(pairs).mean().backward();
        return flat.grad!.data<double>().ToArray();
    }

    /// <summary>ℓ per trajectory <c>[1, Count]</c> under the design.md MLP, written with plain autograd ops (the Jacobian in its direct form).</summary>
    private static Tensor SideLogProbs(Tensor flat, TrajectoryArrays side, PolicySpec policy)
    {
        var h = tensor(side.Observations.Select(x => (double)x).ToArray()).view(side.Count, side.MaxLength, side.ObsDim);
        var actions = tensor(side.Actions.Select(x => (double)x).ToArray()).view(side.Count, side.MaxLength, side.ActDim);
        var widths = Policy.Widths;
        var offset = 0L;
        for (var l = 0; l + 1 < widths.Count; l++)
        {
            var weight = flat.narrow(0, offset, widths[l] * widths[l + 1]).view(widths[l], widths[l + 1]);
            offset += widths[l] * widths[l + 1];
            var bias = flat.narrow(0, offset, widths[l + 1]);
            offset += widths[l + 1];
            h = matmul(h, weight) + bias;
            if (l + 2 < widths.Count) h = h.tanh();
        }
        var std = flat.narrow(0, offset, Policy.ActDim).exp() + Policy.StdMin;
        var z = (actions - h) / std;
        var stepLogProbs = -0.5 * z.square().sum(-1) - std.log().sum() - Policy.ActDim * 0.5 * Math.Log(2 * Math.PI);
        if (policy.Distribution == PolicyDistribution.TanhGaussian) stepLogProbs -= (1 - actions.tanh().square()).log().sum(-1);
        var valid = arange(side.MaxLength).unsqueeze(0) < Lengths(side).view(side.Count, 1);
        return (stepLogProbs * valid.to(ScalarType.Float64)).sum(1).unsqueeze(0);
    }

    /// <summary>ℓ^μ per trajectory <c>[1, Count]</c>: the dataset's per-step behaviour log-probs summed over valid steps.</summary>
    private static Tensor Behaviour(TrajectoryArrays side) =>
        tensor(Enumerable.Range(0, side.Count)
            .Select(p => Enumerable.Range(0, side.Lengths[p]).Sum(t => (double)side.BehaviourLogProbs![p * side.MaxLength + t])).ToArray()).unsqueeze(0);

    private static Tensor Lengths(TrajectoryArrays side) =>
        tensor(side.Lengths.Select(t => (double)t).ToArray()).unsqueeze(0);

    private static double[] RandomVector(int length, double scale, ulong seed)
    {
        var stream = CounterRng.Create(seed).Stream();
        return Enumerable.Range(0, length).Select(_ => scale * stream.NextGaussian()).ToArray();
    }
}
