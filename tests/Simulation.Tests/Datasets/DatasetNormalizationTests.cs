using EvoPo.Simulation.Datasets;
using EvoPo.Simulation.Normalization;
using EvoPo.Simulation.Policies;

namespace EvoPo.Simulation.Tests.Datasets;

public sealed class DatasetNormalizationTests
{
    [Fact]
    public void A_normalized_agents_dataset_keeps_raw_observations_and_the_log_probs_of_its_normalized_policy()
    {
        var plain = DatasetBuilderTests.Original;
        var normalizer = new ObservationNormalizer([.. Enumerable.Range(0, plain.Shape.ObsDim).Select(d => 0.1f * d)],
            [.. Enumerable.Range(0, plain.Shape.ObsDim).Select(d => 0.5f + 0.1f * d)]);
        var agent = new Agent(plain.Task, plain.Shape, plain.StdMin, plain.Parameters, plain.Provenance, plain.Distribution, normalizer);
        var spec = new DatasetSpec(3, DatasetVariant.Base, 0, 1.0, Seed: 5);
        var dataset = DatasetBuilder.Build(DatasetBuilderTests.Target, agent, agent, spec);
        var unnormalized = DatasetBuilder.Build(DatasetBuilderTests.Target, plain, plain, spec);

        var block = dataset.First;
        var (obsDim, actDim) = (block.ObsDim, block.ActDim);
        var policy = agent.CreatePolicy();
        var mean = new float[actDim];
        for (var i = 0; i < block.Count; i++)
        {
            var row = i * block.MaxLength;
            // Step 0 starts from the episode's start state, the same whichever policy acts: raw, not normalized.
            Assert.Equal(unnormalized.First.Observations.AsSpan(row * obsDim, obsDim).ToArray(), block.Observations.AsSpan(row * obsDim, obsDim).ToArray());
            policy.Mean(block.Observations.AsSpan(row * obsDim, obsDim), 1, mean);
            Assert.Equal(policy.LogProb(mean, block.Actions.AsSpan(row * actDim, actDim)), block.BehaviourLogProbs[row]);
        }
        Assert.NotEqual(unnormalized.First.BehaviourLogProbs, block.BehaviourLogProbs);
    }
}
