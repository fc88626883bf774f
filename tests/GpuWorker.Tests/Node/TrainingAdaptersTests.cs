using EvoPo.GpuWorker.Node;
using EvoPo.Simulation.Datasets;
using EvoPo.Simulation.Normalization;
using EvoPo.Simulation.Policies;
using EvoPo.Simulation.Tasks;

namespace EvoPo.GpuWorker.Tests.Node;

public sealed class TrainingAdaptersTests
{
    [Fact]
    public void An_agents_normalizer_is_applied_to_the_trainers_observations_and_the_dataset_keeps_raw_ones()
    {
        var shape = new PolicyShape(9, [4], 4);
        var original = new Agent("crawler", shape, 0.05, GaussianMlp.InitParameters(shape, 1), null, PolicyDistribution.TanhGaussian);
        var target = new Agent("crawler", shape, 0.05, GaussianMlp.InitParameters(shape, 2), null, PolicyDistribution.TanhGaussian);
        var dataset = DatasetBuilder.Build(BuiltInTasks.Get("crawler", 5), original, target, new DatasetSpec(2, DatasetVariant.Base, 0, 1, 3));
        var raw = dataset.Chosen.Observations.ToArray();
        var normalizer = new ObservationNormalizer([.. Enumerable.Repeat(0.5f, 9)], [.. Enumerable.Repeat(2f, 9)]);

        var pairs = TrainingAdapters.Pairs(dataset, normalizer);
        Assert.Equal(raw, dataset.Chosen.Observations);
        for (var i = 0; i < raw.Length; i++) Assert.Equal(Math.Clamp((raw[i] - 0.5f) / 2f, -5f, 5f), pairs.Chosen.Observations[i]);
        Assert.Same(dataset.Chosen.Observations, TrainingAdapters.Pairs(dataset, null).Chosen.Observations);
    }
}
