using System.Text.Json.Nodes;
using EvoPo.Coordinator.Config;
using EvoPo.Coordinator.Runs;
using EvoPo.Coordinator.Search;
using EvoPo.Coordinator.Tests.Search;

namespace EvoPo.Coordinator.Tests.Runs;

/// <summary>A run folder's config.yaml and best.json, checked against (and restored from) the state its journal holds.</summary>
public sealed class JournaledFilesTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("evopo-journaled-").FullName;
    private readonly RunFolder _folder;
    private readonly SearchRunState _state;

    public JournaledFilesTests()
    {
        _folder = new RunFolder(_dir, SearchFixtures.RunId);
        _folder.Create();
        var config = SearchFixtures.Config();
        _state = SearchRunState.Start(SearchFixtures.Created(config), SearchFixtures.Plan(config));
        SearchFixtures.RunToEnd(_state);
        File.WriteAllText(_folder.ConfigPath, _state.Created.ConfigYaml);
        File.WriteAllText(_folder.BestPath, BestJson.Build(_state));
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Files_as_the_run_wrote_them_are_left_alone()
    {
        var log = new StringWriter();

        JournaledFiles.Restore(_folder, _state, log);

        Assert.Equal("", log.ToString());
        Assert.False(File.Exists(_folder.BestPath + JournaledFiles.InvalidSuffix));
    }

    [Fact]
    public void A_garbage_best_json_is_named_kept_aside_and_rewritten_from_the_journal()
    {
        File.WriteAllText(_folder.BestPath, "{ \"format\": \"evopo-best\", \"objective\": \"mpo-1s\", \"mean\": { \"parameters\": [1, \"x\"] } }");
        var log = new StringWriter();

        JournaledFiles.Restore(_folder, _state, log);

        Assert.Equal($"{_folder.BestPath} is not a valid best.json: mean.parameters[1] is \"x\", not a finite number; rewrote it from the journal " +
                     "(the old file is kept as best.json.invalid)", log.ToString().Trim());
        Assert.Equal(BestJson.Build(_state), File.ReadAllText(_folder.BestPath));
        Assert.Contains("\"x\"", File.ReadAllText(_folder.BestPath + JournaledFiles.InvalidSuffix));
    }

    [Theory]
    [InlineData("runId", "it is run other's, not run test-run's")]
    [InlineData("generationsCompleted", "it is from generation 1, the journal holds 2")]
    [InlineData("mean", "its ES mean differs from the journal's")]
    [InlineData("best", "its best candidate differs from the journal's")]
    public void A_sound_best_json_that_is_not_this_runs_is_a_mismatch(string field, string expected)
    {
        var json = JsonNode.Parse(BestJson.Build(_state))!;
        switch (field)
        {
            case "runId": json["runId"] = "other"; break;
            case "generationsCompleted": json["generationsCompleted"] = 1; break;
            default: json[field]!["parameters"]![0] = 12.5; break;
        }
        File.WriteAllText(_folder.BestPath, json.ToJsonString());

        Assert.Equal($"{_folder.BestPath} does not match the journal: {expected}", JournaledFiles.BestJsonProblem(_folder, _state));
    }

    [Fact]
    public void A_missing_best_json_is_due_only_once_a_generation_completed()
    {
        File.Delete(_folder.BestPath);
        var config = SearchFixtures.Config();
        var fresh = SearchRunState.Start(SearchFixtures.Created(config), SearchFixtures.Plan(config));

        Assert.Null(JournaledFiles.BestJsonProblem(_folder, fresh));
        Assert.Equal($"{_folder.BestPath} is missing (the journal holds 2 generation(s))", JournaledFiles.BestJsonProblem(_folder, _state));
    }

    [Fact]
    public void A_missing_config_yaml_is_restored_and_an_edited_one_named_but_kept()
    {
        File.Delete(_folder.ConfigPath);
        var log = new StringWriter();
        JournaledFiles.Restore(_folder, _state, log);
        Assert.Equal(_state.Created.ConfigYaml, File.ReadAllText(_folder.ConfigPath));
        Assert.Contains("config.yaml was missing; restored it from the journal", log.ToString());

        var edited = _state.Created.ConfigYaml.Replace("population: 6", "population: 8", StringComparison.Ordinal);
        File.WriteAllText(_folder.ConfigPath, edited);
        log = new StringWriter();
        JournaledFiles.Restore(_folder, _state, log);
        Assert.Equal(edited, File.ReadAllText(_folder.ConfigPath));
        Assert.Contains("differs from the config in the journal (1 key differs: es.population: 6 → 8); the run keeps the journal's", log.ToString());
    }
}
