using EvoPo.Simulation.Datasets;
using EvoPo.Simulation.Policies;
using EvoPo.Simulation.Tasks;
using EvoPo.Simulation.Tests.Evaluation;

namespace EvoPo.Simulation.Tests.Datasets;

public class DatasetBuilderTests
{
    internal static readonly TaskDescriptor Target = BuiltInTasks.Get("crawler-3leg", episodeLength: 40);

    internal static Agent Agent(int legs, string task) => new(task, PolicyEvaluatorTests.Gait(legs).Shape, 0.05, PolicyEvaluatorTests.Gait(legs).Parameters);

    // The "original" uses four legs (good on crawler), the "target" three (good on crawler-3leg).
    internal static readonly Agent Original = Agent(4, "crawler");
    internal static readonly Agent TargetAgent = Agent(3, "crawler-3leg");

    internal static PreferenceDataset Build(DatasetSpec spec) => DatasetBuilder.Build(Target, Original, TargetAgent, spec);

    [Fact]
    public void Same_spec_and_agents_give_the_same_hash()
    {
        var spec = new DatasetSpec(32, DatasetVariant.Noisy, 0.2, 1.0, Seed: 5);
        Assert.Equal(Build(spec).ContentHash, Build(spec).ContentHash);
        Assert.NotEqual(Build(spec).ContentHash, Build(spec with { Seed = 6 }).ContentHash);
    }

    [Fact]
    public void At_temperature_zero_the_chosen_trajectory_has_the_higher_return()
    {
        var d = Build(new DatasetSpec(64, DatasetVariant.Mixed, 0, 0, Seed: 1));
        for (var p = 0; p < d.Pairs; p++) Assert.True(d.Chosen.Returns[p] >= d.Rejected.Returns[p]);
        Assert.Contains(Enumerable.Range(0, d.Pairs), p => d.Chosen.Returns[p] > d.Rejected.Returns[p]);
    }

    [Fact]
    public void Base_pairs_one_trajectory_from_each_agent_from_the_same_start_state()
    {
        var d = Build(new DatasetSpec(40, DatasetVariant.Base, 0, 0, Seed: 2));
        var targetFirst = 0;
        for (var p = 0; p < d.Pairs; p++)
        {
            Assert.NotEqual(d.First.Sources[p], d.Second.Sources[p]);
            if (d.First.Sources[p] == TrajectoryBlock.TargetSource) targetFirst++;
            var o = d.First.ObsDim * d.First.MaxLength;
            Assert.Equal(d.First.Observations.AsSpan(p * o, 3).ToArray(), d.Second.Observations.AsSpan(p * o, 3).ToArray());
            Assert.Equal(TrajectoryBlock.TargetSource, d.Chosen.Sources[p]); // the three-leg gait wins on the target task
        }
        Assert.InRange(targetFirst, 10, 30); // order is random
    }

    [Fact]
    public void Noisy_variant_flips_about_epsilon_of_the_labels()
    {
        const int pairs = 2000;
        const double epsilon = 0.2;
        var clean = Build(new DatasetSpec(pairs, DatasetVariant.Base, 0, 0, Seed: 3));
        var noisy = Build(new DatasetSpec(pairs, DatasetVariant.Noisy, epsilon, 0, Seed: 3));
        var differ = Enumerable.Range(0, pairs).Count(p => clean.Labels[p] != noisy.Labels[p]);
        Assert.Equal(differ, noisy.Flipped.Count(f => f));
        // Binomial(2000, 0.2): sd ≈ 17.9, so ±0.03 (≈ 3.4 sd) keeps the test from flaking on a seed change.
        Assert.InRange(differ / (double)pairs, epsilon - 0.03, epsilon + 0.03);
    }

    [Fact]
    public void Mixed_variant_draws_about_a_quarter_half_quarter_of_agent_pairs()
    {
        const int pairs = 2000;
        var d = Build(new DatasetSpec(pairs, DatasetVariant.Mixed, 0, 1.0, Seed: 4));
        var targets = Enumerable.Range(0, pairs).Select(p => d.First.Sources[p] + d.Second.Sources[p]).ToArray();
        // ±0.04 is more than 3.5 sd of each binomial share.
        Assert.InRange(targets.Count(t => t == 2) / (double)pairs, 0.21, 0.29);
        Assert.InRange(targets.Count(t => t == 1) / (double)pairs, 0.46, 0.54);
        Assert.InRange(targets.Count(t => t == 0) / (double)pairs, 0.21, 0.29);
    }

    [Fact]
    public void Stored_log_probs_are_the_generating_agents_and_padding_is_zero()
    {
        var d = Build(new DatasetSpec(4, DatasetVariant.Base, 0, 1.0, Seed: 8));
        var b = d.First;
        for (var p = 0; p < b.Count; p++)
        {
            var agent = b.Sources[p] == TrajectoryBlock.TargetSource ? TargetAgent : Original;
            var policy = agent.CreatePolicy();
            var mean = new float[b.ActDim];
            for (var t = 0; t < b.Lengths[p]; t++)
            {
                var row = p * b.MaxLength + t;
                policy.Mean(b.Observations.AsSpan(row * b.ObsDim, b.ObsDim), 1, mean);
                Assert.Equal(policy.LogProb(mean, b.Actions.AsSpan(row * b.ActDim, b.ActDim)), b.BehaviourLogProbs[row]);
            }
            for (var t = b.Lengths[p]; t < b.MaxLength; t++) Assert.Equal(0f, b.BehaviourLogProbs[p * b.MaxLength + t]);
        }
    }

    [Fact]
    public void Judge_probability_is_the_bradley_terry_sigmoid()
    {
        Assert.Equal(1 / (1 + Math.Exp(-0.5)), DatasetBuilder.PreferFirst(3, 2, 2), 12);
        Assert.Equal(0.5, DatasetBuilder.PreferFirst(1, 1, 0));
        Assert.Equal(0.0, DatasetBuilder.PreferFirst(1, 2, 0));
        Assert.Equal(0.0, DatasetBuilder.PreferFirst(-1e6, 1e6, 1), 12);
    }
}
