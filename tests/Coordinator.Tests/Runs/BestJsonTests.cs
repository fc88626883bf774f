using EvoPo.Coordinator.Runs;
using EvoPo.Coordinator.Search;
using EvoPo.Coordinator.Tests.Search;

namespace EvoPo.Coordinator.Tests.Runs;

/// <summary>best.json is read back only when every field an objective is built from is there and sound.</summary>
public sealed class BestJsonTests
{
    [Fact]
    public void What_a_search_writes_reads_back_whole()
    {
        var config = SearchFixtures.Config();
        var state = SearchRunState.Start(SearchFixtures.Created(config), SearchFixtures.Plan(config));
        SearchFixtures.RunToEnd(state);

        var read = BestJson.Parse(BestJson.Build(state));

        Assert.Equal((SearchFixtures.RunId, 2, state.Plan.SearchedObjective), (read.RunId, read.GenerationsCompleted, read.Objective));
        Assert.Equal(state.Es.Mean, read.Mean);
        Assert.Equal(state.Es.BestParameters, read.Best);
        Assert.Equal(state.Es.BestFitness, read.BestFitness);
    }

    [Theory]
    [InlineData("garbage", "not valid JSON")]
    [InlineData("""{ "format": "evopo-agent" }""", "not a evopo-best file")]
    [InlineData("""{ "format": "evopo-best", "version": 2, "objective": "mpo-1s", "mean": { "parameters": [] } }""", "\"version\" is 2; this evopo reads version 1")]
    [InlineData("""{ "format": "evopo-best", "objective": 3, "mean": { "parameters": [] } }""", "\"objective\" is missing or not a name")]
    [InlineData("""{ "format": "evopo-best", "objective": "mpo-1s" }""", "\"mean\" is missing or not an object")]
    [InlineData("""{ "format": "evopo-best", "objective": "mpo-1s", "mean": { "parameters": [1, null] } }""", "mean.parameters[1] is null, not a finite number")]
    [InlineData("""{ "format": "evopo-best", "objective": "mpo-1s", "mean": { "parameters": [1e400] } }""", "mean.parameters[0] is 1e400, not a finite number")]
    [InlineData("""{ "format": "evopo-best", "objective": "mpo-1s", "hyperparameters": { "beta": "high" }, "mean": { "parameters": [] } }""", "hyperparameters.beta is \"high\", not a finite number")]
    [InlineData("""{ "format": "evopo-best", "objective": "mpo-1s", "mean": { "parameters": [1, 2] }, "best": { "fitness": 3, "parameters": [1] } }""", "best.parameters has 1 values, mean.parameters 2")]
    [InlineData("""{ "format": "evopo-best", "objective": "mpo-1s", "mean": { "parameters": [1] }, "best": { "parameters": [1] } }""", "best.fitness is missing")]
    [InlineData("""{ "format": "evopo-best", "objective": "mpo-1s", "mean": { "parameters": [1] }, "generationsCompleted": -1 }""", "\"generationsCompleted\" is not a count")]
    public void A_damaged_file_is_refused_naming_the_field(string json, string expected)
    {
        var error = Assert.Throws<FormatException>(() => BestJson.Parse(json));

        Assert.Contains(expected, error.Message);
    }
}
