using System.Text.Json.Nodes;
using EvoPo.Simulation.Policies;

namespace EvoPo.Simulation.Tests.Policies;

/// <summary>Hostile agent files (issue "Never hang, never crash"): each is refused with the file and the field named.</summary>
public sealed class AgentFileValidationTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("evopo-agent-bad-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Mutated(Func<string, string> edit)
    {
        var path = Path.Combine(_dir, "bad.agent.json");
        var shape = new PolicyShape(9, [8], 4);
        AgentFile.Write(path, new Agent("crawler", shape, 0.05, GaussianMlp.InitParameters(shape, 3)));
        File.WriteAllText(path, edit(File.ReadAllText(path)));
        return path;
    }

    private string WithJson(Action<JsonObject> mutate) => Mutated(text =>
    {
        var json = JsonNode.Parse(text)!.AsObject();
        mutate(json);
        return json.ToJsonString();
    });

    private static AgentFormatException Refused(string path)
    {
        var ex = Assert.Throws<AgentFormatException>(() => AgentFile.Read(path));
        Assert.Contains(path, ex.Message);
        return ex;
    }

    [Theory]
    [InlineData("\"wide\"")]
    [InlineData("8.5")]
    [InlineData("null")]
    public void A_hidden_width_that_is_not_an_integer_is_named(string width)
    {
        var path = WithJson(j => j["shape"]!["hidden"] = JsonNode.Parse($"[{width}]"));
        Assert.Contains("shape.hidden[0]", Refused(path).Message);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-0.1)]
    public void A_std_floor_that_is_not_positive_is_refused(double stdMin)
    {
        Assert.Contains("stdMin", Refused(WithJson(j => j["stdMin"] = stdMin)).Message);
    }

    [Fact]
    public void Hidden_sizes_whose_parameter_count_overflows_an_int_are_refused_not_wrapped()
    {
        var path = WithJson(j => j["shape"]!["hidden"] = new JsonArray(65536, 65536));
        Assert.Contains("parameters", Refused(path).Message);
    }

    [Theory]
    [InlineData("1e400")]
    [InlineData("3.5e38")]
    [InlineData("-1e400")]
    public void A_weight_beyond_float_range_is_refused(string value)
    {
        // Replace the first parameter's text with the out-of-range literal.
        var path = Mutated(text =>
        {
            var start = text.IndexOf("\"parameters\"", StringComparison.Ordinal);
            var open = text.IndexOf('[', start) + 1;
            var comma = text.IndexOf(',', open);
            return text[..open] + value + text[comma..];
        });
        Assert.Contains("parameter 0 is not a finite", Refused(path).Message);
    }

    [Fact]
    public void An_agent_file_larger_than_its_limit_is_refused_before_it_is_parsed()
    {
        var path = Path.Combine(_dir, "huge.agent.json");
        using (var file = File.Create(path)) file.SetLength(AgentFile.MaxFileBytes + 1);
        Assert.Contains("larger than", Refused(path).Message);
    }
}
