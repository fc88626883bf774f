using System.Text.Json.Nodes;
using EvoPo.Coordinator.Config;
using EvoPo.Coordinator.Runs;

namespace EvoPo.Coordinator.Tests.Runs;

public sealed class StartPointTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("evopo-start-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Zero_start_is_the_zero_network_of_the_learned_functions()
    {
        var config = new SearchConfig { Objective = new ObjectiveConfig { Learn = [LearnedFunction.Phi, LearnedFunction.Psi] } };
        var mean = StartPoint.Load(config, Path.Combine(_dir, "c.yaml"));
        Assert.Equal(758, mean.Length);
        Assert.All(mean, v => Assert.Equal(0, v));
    }

    [Fact]
    public void A_best_json_of_the_same_objective_gives_its_es_mean_and_a_plain_array_its_values()
    {
        var best = new JsonObject
        {
            ["format"] = BestJson.Format,
            ["objective"] = "mpo-1s",
            ["mean"] = new JsonObject { ["parameters"] = new JsonArray([.. Enumerable.Range(0, 379).Select(i => (JsonNode?)JsonValue.Create(i * 0.01))]) },
        };
        File.WriteAllText(Path.Combine(_dir, "best.json"), best.ToJsonString());
        var mean = StartPoint.Load(Config("best.json"), Path.Combine(_dir, "c.yaml"));
        Assert.Equal(3.78, mean[^1], 12);

        File.WriteAllText(Path.Combine(_dir, "v.json"), "[" + string.Join(",", Enumerable.Repeat("0.5", 379)) + "]");
        Assert.All(StartPoint.Load(Config("v.json"), Path.Combine(_dir, "c.yaml")), v => Assert.Equal(0.5, v));
    }

    [Fact]
    public void A_vector_of_the_wrong_length_or_objective_or_a_missing_file_is_refused_naming_the_key()
    {
        File.WriteAllText(Path.Combine(_dir, "short.json"), "[1, 2, 3]");
        var ex = Assert.Throws<ConfigException>(() => StartPoint.Load(Config("short.json"), Path.Combine(_dir, "c.yaml")));
        Assert.Equal("objective.start", ex.KeyPath);
        Assert.Contains("379", ex.Message);

        File.WriteAllText(Path.Combine(_dir, "other.json"), $"{{\"format\":\"{BestJson.Format}\",\"objective\":\"mpo-2s\",\"mean\":{{\"parameters\":[]}}}}");
        ex = Assert.Throws<ConfigException>(() => StartPoint.Load(Config("other.json"), Path.Combine(_dir, "c.yaml")));
        Assert.Contains("mpo-2s", ex.Message);

        ex = Assert.Throws<ConfigException>(() => StartPoint.Load(Config("nope.json"), Path.Combine(_dir, "c.yaml")));
        Assert.Equal("objective.start", ex.KeyPath);
        Assert.Contains("zero", ex.Message);
    }

    [Fact]
    public void A_start_file_that_never_ends_is_refused_at_its_size_limit()
    {
        var ex = Assert.Throws<ConfigException>(() => StartPoint.Load(Config("/dev/zero"), Path.Combine(_dir, "c.yaml")));
        Assert.Equal("objective.start", ex.KeyPath);
        Assert.Contains("'/dev/zero' is larger than 4 MiB, the most a start vector may be", ex.Message);
    }

    private static SearchConfig Config(string start) => new() { Objective = new ObjectiveConfig { Start = start } };
}
