using System.Text.Json.Nodes;
using EvoPo.Simulation.Normalization;
using EvoPo.Simulation.Policies;

namespace EvoPo.Simulation.Tests.Policies;

public sealed class AgentFileTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("evopo-agent-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static Agent Sample()
    {
        var shape = new PolicyShape(9, [8], 4);
        return new Agent("crawler", shape, 0.05, GaussianMlp.InitParameters(shape, 3), new Dictionary<string, string> { ["trainedBy"] = "test" });
    }

    [Fact]
    public void Round_trip_keeps_parameters_bit_exact_and_the_hash()
    {
        var agent = Sample();
        var path = Path.Combine(_dir, "a.agent.json");
        AgentFile.Write(path, agent);
        var back = AgentFile.Read(path);
        Assert.Equal(agent.Parameters.ToArray(), back.Parameters.ToArray());
        Assert.Equal(agent.ContentHash, back.ContentHash);
        Assert.Equal(agent.Shape, back.Shape);
        Assert.Equal("crawler", back.Task);
        Assert.Equal(0.05, back.StdMin);
        Assert.Equal("test", back.Provenance["trainedBy"]);
        Assert.Matches("^[0-9a-f]{64}$", back.ContentHash);
    }

    [Fact]
    public void A_version_1_file_without_a_distribution_loads_as_gaussian_with_its_old_hash()
    {
        var agent = Sample();
        var path = WriteMutated(json =>
        {
            json["version"] = 1;
            json.Remove("distribution");
        });
        var back = AgentFile.Read(path);
        Assert.Equal(PolicyDistribution.Gaussian, back.Distribution);
        Assert.Equal(Agent.HashParameters(agent.Parameters), back.ContentHash);
    }

    [Fact]
    public void A_squashed_agent_round_trips_its_distribution_and_hashes_apart_from_the_same_parameters_unsquashed()
    {
        var gaussian = Sample();
        var squashed = new Agent(gaussian.Task, gaussian.Shape, gaussian.StdMin, gaussian.Parameters, gaussian.Provenance, PolicyDistribution.TanhGaussian);
        var path = Path.Combine(_dir, "s.agent.json");
        AgentFile.Write(path, squashed);
        Assert.Equal("tanh-gaussian", JsonNode.Parse(File.ReadAllText(path))!["distribution"]!.GetValue<string>());
        var back = AgentFile.Read(path);
        Assert.Equal(PolicyDistribution.TanhGaussian, back.Distribution);
        Assert.Equal(squashed.ContentHash, back.ContentHash);
        Assert.NotEqual(gaussian.ContentHash, back.ContentHash);
        Assert.Equal(PolicyDistribution.TanhGaussian, back.CreatePolicy().Distribution);
    }

    [Fact]
    public void A_normalized_agent_round_trips_its_statistics_as_version_3_and_hashes_apart_while_others_keep_version_2_and_their_hash()
    {
        var plain = Sample();
        var normalizer = new ObservationNormalizer([.. Enumerable.Range(0, 9).Select(d => 0.1f * d)], [.. Enumerable.Range(0, 9).Select(d => 1f + d)]);
        var normalized = new Agent(plain.Task, plain.Shape, plain.StdMin, plain.Parameters, plain.Provenance, plain.Distribution, normalizer);
        var path = Path.Combine(_dir, "n.agent.json");
        AgentFile.Write(path, normalized);
        Assert.Equal(3, JsonNode.Parse(File.ReadAllText(path))!["version"]!.GetValue<int>());
        var back = AgentFile.Read(path);
        Assert.Equal(normalizer.Mean.ToArray(), back.Normalizer!.Mean.ToArray());
        Assert.Equal(normalizer.Std.ToArray(), back.Normalizer.Std.ToArray());
        Assert.Equal(normalized.ContentHash, back.ContentHash);
        Assert.NotEqual(plain.ContentHash, back.ContentHash);
        Assert.Same(back.Normalizer, back.CreatePolicy().Normalizer);

        var plainPath = Path.Combine(_dir, "p.agent.json");
        AgentFile.Write(plainPath, plain);
        var json = JsonNode.Parse(File.ReadAllText(plainPath))!;
        Assert.Equal(2, json["version"]!.GetValue<int>());
        Assert.Null(json["observationNormalization"]);
        Assert.Equal(Agent.HashParameters(plain.Parameters), AgentFile.Read(plainPath).ContentHash);
    }

    private string WriteMutated(Action<JsonObject> mutate)
    {
        var path = Path.Combine(_dir, "bad.agent.json");
        AgentFile.Write(path, Sample());
        var json = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        mutate(json);
        File.WriteAllText(path, json.ToJsonString());
        return path;
    }

    [Theory]
    [InlineData("missing", "missing field 'stdMin'")]
    [InlineData("version", "version 4 is not supported")]
    [InlineData("normalization", "missing field 'observationNormalization'")]
    [InlineData("unnormalized", "has 'observationNormalization' but version 2")]
    [InlineData("distribution", "distribution 'beta' is unknown")]
    [InlineData("no-distribution", "missing field 'distribution'")]
    [InlineData("count", "has 119 parameters but shape 9-[8]-4 needs 120")]
    [InlineData("format", "format is 'other'")]
    public void Bad_files_are_refused_naming_the_file_and_the_problem(string fault, string message)
    {
        var path = WriteMutated(json =>
        {
            switch (fault)
            {
                case "missing": json.Remove("stdMin"); break;
                case "version": json["version"] = 4; break;
                case "normalization": json["version"] = 3; break;
                case "unnormalized": json["observationNormalization"] = new JsonObject(); break;
                case "distribution": json["distribution"] = "beta"; break;
                case "no-distribution": json.Remove("distribution"); break;
                case "count": json["parameters"]!.AsArray().RemoveAt(0); break;
                case "format": json["format"] = "other"; break;
            }
        });
        var e = Assert.Throws<AgentFormatException>(() => AgentFile.Read(path));
        Assert.Contains(path, e.Message);
        Assert.Contains(message, e.Message);
    }
}
