using EvoPo.GpuWorker.Objectives;
using EvoPo.GpuWorker.Torch;
using EvoPo.GpuWorker.Training;
using EvoPo.Simulation.Random;
using static TorchSharp.torch;

namespace EvoPo.GpuWorker.Tests.Training;

/// <summary>
/// The trainer's hand-written MLP gradient (BatchedGaussianMlp) against autograd through the plain design.md
/// policy (tanh layers) and the same objective, in float64. One full-batch step with Adam made a scaled identity
/// (lr = ε = 1e6: the first Adam step is then g / (1 + |g|/1e6)), so initial − trained is the gradient.
/// </summary>
public sealed class PolicyGradientTests
{
    private static readonly PolicySpec Policy = new(ObsDim: 5, Hidden: [8, 6], ActDim: 3, StdMin: 0.05);

    private static readonly PreferencePairs Data = SyntheticPreferencePairs.Create(Policy, pairs: 10, maxLength: 12, seed: 3, variableLengths: true);

    private static readonly float[] Initial = SyntheticPreferencePairs.RandomParameters(Policy, seed: 9);

    public PolicyGradientTests() => TorchRuntime.EnsureLoaded();

    public static TheoryData<string, int> Objectives => new() { { "orpo", 0 }, { "mpo-1s", 379 }, { "simpo", 0 }, { "maxpo", 0 }, { "colpo", 0 } };

    [Theory]
    [MemberData(nameof(Objectives))]
    public void Trainer_gradient_equals_autograd_through_the_tanh_policy(string name, int learned)
    {
        var spec = new ObjectiveSpec(name, new Dictionary<string, double>(), learned > 0 ? RandomVector(learned, 0.2, 5) : null);
        var settings = new TrainingSettings(Epochs: 1, SftEpochs: 0, TwoStepEpochs: 0, MinibatchPairs: Data.Count,
            LearningRate: 1e6, AdamEpsilon: 1e6, MaxGradNorm: double.PositiveInfinity, Float64: true);
        using var trainer = new PopulationTrainer(Policy, Data, settings);
        var trained = trainer.Train(Initial, [new AgentTrainingSpec(spec, Seed: 4)])[0];
        Assert.False(trained.Failed);

        var expected = AutogradGradient(spec);
        var scale = expected.Max(Math.Abs);
        Assert.True(scale > 1e-3, $"gradient too small to test: {scale}");
        for (var i = 0; i < expected.Length; i++)
        {
            var actual = (double)Initial[i] - trained.Parameters[i];
            Assert.True(Math.Abs(actual - expected[i]) <= 1e-5 * (1 + scale), $"{name}: ∂L/∂θ[{i}] is {actual:R}, autograd says {expected[i]:R}");
        }
    }

    private static double[] AutogradGradient(ObjectiveSpec spec)
    {
        using var scope = NewDisposeScope();
        var flat = tensor(Initial.Select(x => (double)x).ToArray()).requires_grad_(true);
        var chosen = SideLogProbs(flat, Data.Chosen);
        var rejected = SideLogProbs(flat, Data.Rejected);
        var pairs = new PairLogProbs(chosen, rejected, Lengths(Data.Chosen), Lengths(Data.Rejected), chosen.detach(), rejected.detach(), Policy.LogProbMax,
            Behaviour(Data.Chosen), Behaviour(Data.Rejected));
        using var objective = ObjectiveCatalog.Create([spec], CPU, ScalarType.Float64);
        objective.PairLoss(pairs).mean().backward();
        return flat.grad!.data<double>().ToArray();
    }

    /// <summary>ℓ per trajectory <c>[1, Count]</c> under the design.md MLP, written with plain autograd ops.</summary>
    private static Tensor SideLogProbs(Tensor flat, TrajectoryArrays side)
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
