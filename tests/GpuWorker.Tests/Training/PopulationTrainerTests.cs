using EvoPo.GpuWorker.Objectives;
using EvoPo.GpuWorker.Torch;
using EvoPo.GpuWorker.Training;
using EvoPo.Simulation.Policies;
using EvoPo.Simulation.Random;

namespace EvoPo.GpuWorker.Tests.Training;

public sealed class PopulationTrainerTests
{
    private static readonly PolicySpec Policy = new(ObsDim: 5, Hidden: [8, 6], ActDim: 3, StdMin: 0.05);

    // 10 pairs in minibatches of 3: the last minibatch of each epoch is partial.
    private static readonly TrainingSettings Settings = new(Epochs: 3, SftEpochs: 2, TwoStepEpochs: 2, MinibatchPairs: 3, LearningRate: 1e-2, MaxGradNorm: 1.0);

    private static readonly PreferencePairs Data = SyntheticPreferencePairs.Create(Policy, pairs: 10, maxLength: 12, seed: 3, variableLengths: true);

    private static readonly float[] Initial = SyntheticPreferencePairs.RandomParameters(Policy, seed: 9);

    public PopulationTrainerTests() => TorchRuntime.EnsureLoaded();

    [Fact]
    public void A_policy_of_another_distribution_than_the_datasets_is_refused_naming_both()
    {
        var squashed = Policy with { Distribution = PolicyDistribution.TanhGaussian };
        var e = Assert.Throws<PolicyDistributionMismatchException>(() => new PopulationTrainer(squashed, Data, Settings));
        Assert.Contains("the dataset is gaussian", e.Message);
        Assert.Contains("(the start agent) is tanh-gaussian", e.Message);
        Assert.Throws<PolicyDistributionMismatchException>(() => new PopulationTrainer(Policy, Data with { Distribution = PolicyDistribution.TanhGaussian }, Settings));
    }

    [Fact]
    public void Batched_agents_equal_single_agent_runs_with_the_same_seeds()
    {
        var agents = new[]
        {
            new AgentTrainingSpec(new ObjectiveSpec("dpo", new Dictionary<string, double> { ["beta"] = 0.5 }), Seed: 101),
            new AgentTrainingSpec(new ObjectiveSpec("mpo-1s", new Dictionary<string, double> { ["lambda"] = 0.4 }, RandomVector(758, 0.2, 1)), Seed: 102),
            new AgentTrainingSpec(new ObjectiveSpec("orpo", new Dictionary<string, double> { ["lambda"] = 0.3 }), Seed: 103),
            new AgentTrainingSpec(new ObjectiveSpec("mpo-1s", new Dictionary<string, double>(), RandomVector(758, 0.2, 2)), Seed: 104),
            new AgentTrainingSpec(new ObjectiveSpec("colpo", new Dictionary<string, double> { ["delta"] = 0.5 }), Seed: 105),
            new AgentTrainingSpec(ObjectiveSpec.Default("maxpo"), Seed: 106),
            new AgentTrainingSpec(new ObjectiveSpec("mpo-2s", Learn(phi: 1, psi: 1, g: 1), RandomVector(1137, 0.2, 3)), Seed: 107),
            new AgentTrainingSpec(new ObjectiveSpec("mpo-1s", Learn(phi: 0, psi: 1, g: 1), RandomVector(758, 0.2, 4)), Seed: 108),
            new AgentTrainingSpec(new ObjectiveSpec("maxpo", new Dictionary<string, double> { ["clip"] = 3, ["sftSet"] = 1 }), Seed: 109),
        };
        using var trainer = new PopulationTrainer(Policy, Data, Settings);
        var batched = trainer.Train(Initial, agents);
        for (var a = 0; a < agents.Length; a++)
        {
            var single = trainer.Train(Initial, [agents[a]])[0];
            Assert.False(batched[a].Failed);
            Assert.Equal(single.Updates, batched[a].Updates);
            Assert.Equal(single.FinalLoss, batched[a].FinalLoss, 1e-5);
            AssertClose(single.Parameters, batched[a].Parameters, 1e-5, $"agent {a}");
            Assert.NotEqual(Initial, batched[a].Parameters);
        }
        // Two-step: 2 SFT + 2 preference epochs of 4 steps; one-step: 3 epochs.
        Assert.Equal(16, batched[0].Updates);
        Assert.Equal(12, batched[2].Updates);
        Assert.Equal(16, batched[6].Updates);
        Assert.Equal(12, batched[5].Updates);
    }

    [Fact]
    public void Zero_networks_train_exactly_like_their_baselines()
    {
        // The search's starting point is the baseline: 2S-MPO at zero trains like DPO, 1S-MPO at zero like ORPO.
        using var trainer = new PopulationTrainer(Policy, Data, Settings);
        var results = trainer.Train(Initial,
        [
            new(new ObjectiveSpec("dpo", new Dictionary<string, double> { ["beta"] = 0.3 }), 11),
            new(new ObjectiveSpec("mpo-2s", new Dictionary<string, double> { ["beta"] = 0.3, ["learnPhi"] = 1, ["learnPsi"] = 1 }, new double[758]), 11),
            new(ObjectiveSpec.Default("orpo"), 12),
            new(new ObjectiveSpec("mpo-1s", Learn(phi: 1, psi: 0, g: 1), new double[758]), 12),
        ]);
        AssertClose(results[0].Parameters, results[1].Parameters, 1e-5, "mpo-2s at zero vs dpo");
        AssertClose(results[2].Parameters, results[3].Parameters, 1e-5, "mpo-1s at zero vs orpo");
    }

    [Fact]
    public void Maxpo_needs_behaviour_log_probs_in_the_data()
    {
        var bare = new PreferencePairs(Data.Chosen with { BehaviourLogProbs = null }, Data.Rejected with { BehaviourLogProbs = null });
        using var trainer = new PopulationTrainer(Policy, bare, Settings);
        var error = Assert.Throws<ArgumentException>(() => trainer.Train(Initial, [new(ObjectiveSpec.Default("maxpo"), 1)]));
        Assert.Contains("behaviour log-probs", error.Message);
        Assert.Single(trainer.Train(Initial, [new(ObjectiveSpec.Default("colpo"), 1)]));
    }

    private static Dictionary<string, double> Learn(double phi, double psi, double g) =>
        new() { ["learnPhi"] = phi, ["learnPsi"] = psi, ["learnG"] = g };

    [Fact]
    public void Batched_and_single_runs_agree_in_float64_too()
    {
        var agents = new[]
        {
            new AgentTrainingSpec(ObjectiveSpec.Default("ipo"), Seed: 1),
            new AgentTrainingSpec(ObjectiveSpec.Default("simpo"), Seed: 2),
            new AgentTrainingSpec(ObjectiveSpec.Default("cpo"), Seed: 3),
            new AgentTrainingSpec(ObjectiveSpec.Default("maxpo"), Seed: 4),
            new AgentTrainingSpec(new ObjectiveSpec("mpo-2s", Learn(phi: 1, psi: 0, g: 0), RandomVector(379, 0.2, 5)), Seed: 5),
        };
        using var trainer = new PopulationTrainer(Policy, Data, Settings with { Float64 = true });
        var batched = trainer.Train(Initial, agents);
        for (var a = 0; a < agents.Length; a++)
            AssertClose(trainer.Train(Initial, [agents[a]])[0].Parameters, batched[a].Parameters, 1e-6, $"agent {a}");
    }

    [Fact]
    public void Different_seeds_give_different_minibatch_orders()
    {
        using var trainer = new PopulationTrainer(Policy, Data, Settings);
        var results = trainer.Train(Initial, [new(ObjectiveSpec.Default("sft"), 1), new(ObjectiveSpec.Default("sft"), 2), new(ObjectiveSpec.Default("sft"), 1)]);
        Assert.Equal(results[0].Parameters, results[2].Parameters);
        Assert.NotEqual(results[0].Parameters, results[1].Parameters);
    }

    [Fact]
    public void Sft_increases_the_chosen_log_likelihood()
    {
        var settings = Settings with { Epochs = 10, LearningRate = 3e-3 };
        using var trainer = new PopulationTrainer(Policy, Data, settings);
        var trained = trainer.Train(Initial, [new(ObjectiveSpec.Default("sft"), 5)])[0];
        var before = ReferencePolicy.MeanLogLikelihood(Policy, Initial, Data.Chosen);
        var after = ReferencePolicy.MeanLogLikelihood(Policy, trained.Parameters, Data.Chosen);
        Assert.True(after > before + 1, $"chosen log-likelihood {before} → {after}");
        // The reported loss is the trainer's −ℓ̄_w: consistent with the float64 reference policy.
        var meanPerStep = Enumerable.Range(0, Data.Count).Average(p => ReferencePolicy.MeanLogLikelihood(Policy, trained.Parameters,
            Data.Chosen with { Count = 1, Observations = Slice(Data.Chosen.Observations, p, Policy.ObsDim), Actions = Slice(Data.Chosen.Actions, p, Policy.ActDim), Lengths = [Data.Chosen.Lengths[p]] }) / Data.Chosen.Lengths[p]);
        Assert.InRange(trained.FinalLoss, -meanPerStep - 1, -meanPerStep + 1);
    }

    [Fact]
    public void Zero_epochs_return_the_initial_parameters()
    {
        using var trainer = new PopulationTrainer(Policy, Data, Settings with { Epochs = 0 });
        var result = trainer.Train(Initial, [new(ObjectiveSpec.Default("orpo"), 1)])[0];
        Assert.Equal(Initial, result.Parameters);
        Assert.Equal(0, result.Updates);
    }

    [Fact]
    public void An_agent_with_a_huge_gradient_does_not_change_another_agents_update()
    {
        var calm = new AgentTrainingSpec(ObjectiveSpec.Default("sft"), Seed: 21);
        var wild = new AgentTrainingSpec(new ObjectiveSpec("cpo", new Dictionary<string, double> { ["lambda"] = 1000 }), Seed: 22);
        using var trainer = new PopulationTrainer(Policy, Data, Settings with { Epochs = 1, LearningRate = 1e-3 });
        var pair = trainer.Train(Initial, [calm, wild]);
        var alone = trainer.Train(Initial, [calm])[0];
        AssertClose(alone.Parameters, pair[0].Parameters, 1e-6, "calm agent");
        Assert.False(pair[1].Failed);
        // Clipped to norm 1 and normalized by Adam: each parameter moved at most lr per step.
        var moved = pair[1].Parameters.Zip(Initial, (x, y) => Math.Abs(x - y)).Max();
        Assert.InRange(moved, 1e-6, 1e-3 * trainer.StepsPerEpoch * 1.01);
    }

    [Fact]
    public void A_non_finite_agent_is_marked_failed_and_the_others_go_on()
    {
        var calm = new AgentTrainingSpec(ObjectiveSpec.Default("orpo"), Seed: 31);
        var broken = new AgentTrainingSpec(new ObjectiveSpec("mpo-1s", new Dictionary<string, double>(), Enumerable.Repeat(1e30, 379).ToArray()), Seed: 32);
        using var trainer = new PopulationTrainer(Policy, Data, Settings);
        var results = trainer.Train(Initial, [broken, calm]);
        Assert.True(results[0].Failed);
        Assert.True(double.IsNaN(results[0].FinalLoss));
        Assert.False(results[1].Failed);
        Assert.True(double.IsFinite(results[1].FinalLoss));
        AssertClose(trainer.Train(Initial, [calm])[0].Parameters, results[1].Parameters, 1e-6, "calm agent");
    }

    [Fact]
    public void Bad_inputs_are_refused_up_front()
    {
        using var trainer = new PopulationTrainer(Policy, Data, Settings);
        Assert.Throws<ArgumentException>(() => trainer.Train(Initial.AsSpan(1), [new(ObjectiveSpec.Default("sft"), 1)]));
        var error = Assert.Throws<ArgumentException>(() => trainer.Train(Initial, [new(ObjectiveSpec.Default("nope"), 1)]));
        Assert.Contains("'nope'", error.Message);
        Assert.Throws<ArgumentException>(() => new PopulationTrainer(Policy with { ObsDim = 4 }, Data, Settings));
        Assert.Throws<ArgumentException>(() => new PopulationTrainer(Policy, Data, Settings with { MinibatchPairs = 0 }));
    }

    private static float[] Slice(float[] values, int pair, int width)
    {
        var stride = Data.Chosen.MaxLength * width;
        return values.AsSpan(pair * stride, stride).ToArray();
    }

    private static double[] RandomVector(int length, double scale, ulong seed)
    {
        var stream = CounterRng.Create(seed).Stream();
        return Enumerable.Range(0, length).Select(_ => scale * stream.NextGaussian()).ToArray();
    }

    private static void AssertClose(float[] expected, float[] actual, double tolerance, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) <= tolerance, $"{what}: parameter {i} is {actual[i]:R}, expected {expected[i]:R}");
    }
}
