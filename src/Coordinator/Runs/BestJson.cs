using System.Text.Json;
using System.Text.Json.Nodes;
using EvoPo.Coordinator.Search;

namespace EvoPo.Coordinator.Runs;

/// <summary><c>best.json</c>: the best candidate objective seen so far and the current ES mean, with what produced them.</summary>
public static class BestJson
{
    public const string Format = "evopo-best";
    public const int Version = 1;

    public static string Build(SearchRunState state)
    {
        var es = state.Es;
        var hyper = new JsonObject();
        foreach (var (key, value) in state.Plan.SearchedHyperparameters) hyper[key] = value;
        var root = new JsonObject
        {
            ["format"] = Format,
            ["version"] = Version,
            ["runId"] = state.Created.RunId,
            ["objective"] = state.Plan.SearchedObjective,
            ["hyperparameters"] = hyper,
            ["generationsCompleted"] = es.Generation,
            ["best"] = es.BestParameters is null
                ? null
                : new JsonObject
                {
                    ["fitness"] = es.BestFitness,
                    ["parameters"] = Array(es.BestParameters),
                },
            ["mean"] = new JsonObject
            {
                ["digest"] = es.MeanDigest(),
                ["parameters"] = Array(es.Mean),
            },
            ["datasetHash"] = state.Created.DatasetHash,
            ["agentHash"] = state.Created.AgentHash,
        };
        return root.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }

    private static JsonArray Array(double[] values) => new(values.Select(v => (JsonNode?)JsonValue.Create(v)).ToArray());
}
