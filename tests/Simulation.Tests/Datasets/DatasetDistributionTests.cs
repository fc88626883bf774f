using System.Text;
using EvoPo.Simulation.Datasets;
using EvoPo.Simulation.Policies;

namespace EvoPo.Simulation.Tests.Datasets;

public sealed class DatasetDistributionTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("evopo-dsdist-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static Agent Squashed(Agent agent) =>
        new(agent.Task, agent.Shape, agent.StdMin, agent.Parameters, agent.Provenance, PolicyDistribution.TanhGaussian);

    private static readonly DatasetSpec Spec = new(6, DatasetVariant.Base, 0, 1.0, Seed: 5);

    [Fact]
    public void A_dataset_of_squashed_agents_records_its_distribution_and_reads_it_back()
    {
        var dataset = DatasetBuilder.Build(DatasetBuilderTests.Target, Squashed(DatasetBuilderTests.Original), Squashed(DatasetBuilderTests.TargetAgent), Spec);
        Assert.Equal(PolicyDistribution.TanhGaussian, dataset.Metadata.Distribution);
        Assert.All(dataset.First.Actions.Concat(dataset.Second.Actions), u => Assert.InRange(u, -TanhSquash.UMax, TanhSquash.UMax));
        var path = Path.Combine(_dir, "s.evopods");
        DatasetFile.Write(path, dataset);
        Assert.Contains("\"distribution\":\"tanh-gaussian\"", Encoding.UTF8.GetString(File.ReadAllBytes(path).AsSpan(0, 1024)));
        Assert.Equal(PolicyDistribution.TanhGaussian, DatasetFile.Read(path).Metadata.Distribution);
    }

    [Fact]
    public void A_gaussian_dataset_header_has_no_distribution_so_files_from_before_it_keep_their_bytes_and_read_as_gaussian()
    {
        var dataset = DatasetBuilderTests.Build(Spec);
        var path = Path.Combine(_dir, "g.evopods");
        DatasetFile.Write(path, dataset);
        Assert.DoesNotContain("distribution", Encoding.UTF8.GetString(File.ReadAllBytes(path).AsSpan(0, 1024)));
        Assert.Equal(PolicyDistribution.Gaussian, DatasetFile.Read(path).Metadata.Distribution);
    }

    [Fact]
    public void Agents_of_different_distributions_are_refused_naming_both()
    {
        var e = Assert.Throws<PolicyDistributionMismatchException>(() =>
            DatasetBuilder.Build(DatasetBuilderTests.Target, DatasetBuilderTests.Original, Squashed(DatasetBuilderTests.TargetAgent), Spec));
        Assert.Contains("the original agent is gaussian but the target agent is tanh-gaussian", e.Message);
    }
}
