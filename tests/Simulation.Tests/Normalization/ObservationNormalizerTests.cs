using EvoPo.Simulation.Normalization;
using EvoPo.Simulation.Policies;

namespace EvoPo.Simulation.Tests.Normalization;

public sealed class ObservationNormalizerTests
{
    private static readonly PolicyShape Shape = new(3, [5], 2);

    private static readonly ObservationNormalizer Normalizer = new([1f, -2f, 0.5f], [2f, 0.5f, 0.01f]);

    private static readonly float[] Raw = [3f, -2f, 0.5f, -9f, 1f, 10f, 1f, -2.25f, 0.49f];

    [Fact]
    public void A_normalized_policy_acts_on_raw_observations_as_the_plain_network_on_clipped_standardized_ones()
    {
        var parameters = GaussianMlp.InitParameters(Shape, 5, outputScale: 1);
        var normalized = new GaussianMlp(Shape, 0.05, parameters, PolicyDistribution.TanhGaussian, Normalizer);
        var plain = new GaussianMlp(Shape, 0.05, parameters, PolicyDistribution.TanhGaussian);
        var standardized = new float[Raw.Length];
        for (var i = 0; i < Raw.Length; i++)
            standardized[i] = Math.Clamp((Raw[i] - Normalizer.Mean[i % 3]) / Normalizer.Std[i % 3], -ObservationNormalizer.Clip, ObservationNormalizer.Clip);
        Assert.Equal(-5f, standardized[3]);
        Assert.Equal(5f, standardized[5]);

        var (a, b) = (new float[6], new float[6]);
        normalized.Mean(Raw, 3, a);
        plain.Mean(standardized, 3, b);
        Assert.Equal(b, a);
    }

    [Fact]
    public void A_batch_normalizes_only_the_rows_of_its_normalizing_policies()
    {
        var p = GaussianMlp.InitParameters(Shape, 6, outputScale: 1);
        var normalized = new GaussianMlp(Shape, 0.05, p, normalizer: Normalizer);
        var plain = new GaussianMlp(Shape, 0.05, p);
        var batched = new float[6];
        new PolicyBatch([normalized, plain]).Mean(Raw, [0, 2, 3], batched);
        var (first, last) = (new float[4], new float[2]);
        normalized.Mean(Raw.AsSpan(0, 6), 2, first);
        plain.Mean(Raw.AsSpan(6, 3), 1, last);
        Assert.Equal([.. first, .. last], batched);
    }

    [Fact]
    public void Bad_statistics_are_refused_naming_the_dimension()
    {
        Assert.Contains("std 1", Assert.Throws<ArgumentException>(() => new ObservationNormalizer([0f, 0f], [1f, 0f])).Message);
        Assert.Contains("mean 0", Assert.Throws<ArgumentException>(() => new ObservationNormalizer([float.NaN], [1f])).Message);
        Assert.Contains("observes 3", Assert.Throws<ArgumentException>(() => new GaussianMlp(Shape, 0.05, new float[Shape.ParameterCount], normalizer: new ObservationNormalizer([0f], [1f]))).Message);
    }
}
