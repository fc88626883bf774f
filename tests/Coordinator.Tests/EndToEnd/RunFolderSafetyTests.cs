using System.Net;
using System.Text.Json;
using EvoPo.Coordinator.Dashboard;
using Microsoft.Data.Sqlite;

namespace EvoPo.Coordinator.Tests.EndToEnd;

/// <summary>
/// Run folders that lost or damaged part of what they hold (the journal, config.yaml, best.json, a journal event): no
/// command overwrites what is there, claims what is not true, or hides a run (issue 17, items 1, 3, 4 and 15).
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class RunFolderSafetyTests(FinishedRuns finished) : IClassFixture<FinishedRuns>, IDisposable
{
    private readonly List<string> _copies = [];

    public void Dispose()
    {
        foreach (var copy in _copies) Directory.Delete(copy, recursive: true);
    }

    [Fact]
    public void A_folder_whose_journal_and_config_are_gone_is_not_overwritten_by_a_new_search_without_overwrite()
    {
        var runs = Copy();
        File.Delete(Path.Combine(runs, "evopo.db"));
        File.Delete(Path.Combine(runs, "A", "config.yaml"));
        var before = FileDigests.Of(Path.Combine(runs, "A"));

        var (code, output) = EvopoProcess.Run(EvopoProcess.Timeout, "search", "--config", finished.OtherConfig, "--run-id", "A", "--runs", runs);

        Assert.True(code == 1, output);
        Assert.Contains($"run folder {Path.Combine(runs, "A")} is not empty (best.json, dataset.evopods, fitness.png,", output);
        Assert.Contains($"holds no run 'A': a new search there would overwrite it", output);
        Assert.Contains("pass --overwrite to delete its contents", output);
        Assert.Equal(before, FileDigests.Of(Path.Combine(runs, "A")));

        (code, output) = EvopoProcess.Run(EvopoProcess.Timeout, "search", "--config", finished.OtherConfig, "--run-id", "A", "--runs", runs, "--overwrite");

        Assert.True(code == 0, output);
        Assert.Contains("population: 8", File.ReadAllText(Path.Combine(runs, "A", "config.yaml")));
        Assert.Contains("run A finished", output);
    }

    [Fact]
    public void Another_config_is_refused_by_the_journals_config_when_config_yaml_is_gone_and_the_same_one_restores_it()
    {
        var runs = Copy();
        var configYaml = File.ReadAllText(Path.Combine(runs, "A", "config.yaml"));
        File.Delete(Path.Combine(runs, "A", "config.yaml"));
        var before = FileDigests.Of(Path.Combine(runs, "A"));

        var (code, output) = EvopoProcess.Run(EvopoProcess.Timeout, "search", "--config", finished.OtherConfig, "--run-id", "A", "--runs", runs);

        Assert.True(code == 1, output);
        Assert.Contains($"run A exists with a different config in its journal than {finished.OtherConfig} (1 key differs: es.population: 4 → 8)", output);
        Assert.DoesNotContain("resuming", output);
        Assert.Equal(before, FileDigests.Of(Path.Combine(runs, "A")));

        (code, output) = EvopoProcess.Run(EvopoProcess.Timeout, "search", "--config", finished.Config, "--run-id", "A", "--runs", runs);

        Assert.True(code == 0, output);
        Assert.Contains("run A is already finished", output);
        Assert.Equal(configYaml, File.ReadAllText(Path.Combine(runs, "A", "config.yaml")));
    }

    [Fact]
    public async Task Every_journaled_run_is_listed_and_one_with_a_corrupt_event_is_marked_unreadable_with_the_reason()
    {
        var runs = Copy();
        File.Delete(Path.Combine(runs, "B", "config.yaml"));
        CorruptLastEvent(runs, "A");

        var (code, output) = EvopoProcess.Run(EvopoProcess.Timeout, "runs", "--runs", runs, "--json");

        Assert.True(code == 0, output);
        var list = JsonDocument.Parse(output.Split('\n').Single(l => l.StartsWith('['))).RootElement.EnumerateArray()
            .ToDictionary(r => r.GetProperty("runId").GetString()!);
        Assert.Equal(["A", "B"], list.Keys.Order());
        Assert.Equal("unreadable", list["A"].GetProperty("state").GetString());
        Assert.Contains("'run-finished' payload", list["A"].GetProperty("failureReason").GetString());
        Assert.Equal(("finished", 1), (list["B"].GetProperty("state").GetString(), list["B"].GetProperty("generation").GetInt32()));
        Assert.DoesNotContain("   at ", output);

        (code, output) = EvopoProcess.Run(EvopoProcess.Timeout, "runs", "--runs", runs);
        Assert.True(code == 0, output);
        Assert.Matches(@"(?m)^B\s+search\s+finished\s+1/1", output);
        Assert.Matches(@"(?m)^A unreadable: .*'run-finished' payload", output);

        await using var source = new JournalRunSource(runs, postgres: null);
        var state = new DashboardState(source);
        await state.PollAsync(CancellationToken.None);
        Assert.Null(state.Error);
        Assert.Equal("unreadable", state.Run("A")?.State);
        var reason = state.Run("A")!.FailureReason ?? "";
        Assert.True(reason.Contains("'run-finished' payload", StringComparison.Ordinal), reason);
        Assert.Equal("finished", state.Run("B")?.State);
    }

    [Fact]
    public async Task A_damaged_best_json_of_a_finished_run_is_named_by_report_resume_and_the_dashboard_and_rewritten_from_the_journal()
    {
        var runs = Copy();
        var best = Path.Combine(runs, "A", "best.json");
        var original = File.ReadAllText(best);
        const string Garbage = """{ "format": "evopo-best", "objective": "mpo-1s", "mean": { "parameters": [0.5, "x"] } }""";
        File.WriteAllText(best, Garbage);

        await using (var server = new DashboardServer(new DashboardState(new JournalRunSource(runs, postgres: null)), ["http://127.0.0.1:0"], TimeSpan.FromSeconds(30)))
        {
            await server.StartAsync(CancellationToken.None);
            using var http = new HttpClient { BaseAddress = new Uri(server.Addresses[0]) };
            using var response = await http.GetAsync("/api/runs/A/landscape.png");
            var body = await response.Content.ReadAsStringAsync();
            Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
            Assert.Equal("run A: its best.json cannot be used: mean.parameters[1] is \"x\", not a finite number; `evopo report A` rewrites it from the journal",
                JsonDocument.Parse(body).RootElement.GetProperty("error").GetString());
            Assert.DoesNotContain(runs, body);
        }

        var (code, output) = EvopoProcess.Run(EvopoProcess.Timeout, "report", "A", "--runs", runs);

        Assert.True(code == 0, output);
        Assert.Contains($"{best} is not a valid best.json: mean.parameters[1] is \"x\", not a finite number; rewrote it from the journal", output);
        Assert.Equal(original, File.ReadAllText(best));
        Assert.Equal(Garbage, File.ReadAllText(best + ".invalid"));

        File.WriteAllText(best, "truncat");
        (code, output) = EvopoProcess.Run(EvopoProcess.Timeout, "resume", "A", "--runs", runs);

        Assert.True(code == 0, output);
        Assert.Contains($"{best} is not a valid best.json: not valid JSON", output);
        Assert.Contains("rewrote it from the journal", output);
        Assert.Equal(original, File.ReadAllText(best));
    }

    private string Copy()
    {
        var copy = finished.CopyRuns();
        _copies.Add(copy);
        return copy;
    }

    /// <summary>Overwrites the payload of the run's last journal event with bytes no serializer reads.</summary>
    private static void CorruptLastEvent(string runs, string runId)
    {
        using var connection = new SqliteConnection($"Data Source={Path.Combine(runs, "evopo.db")};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            UPDATE journal SET message = X'DEADBEEF'
            WHERE persistence_id = $id AND sequence_number = (SELECT MAX(sequence_number) FROM journal WHERE persistence_id = $id)
            """;
        command.Parameters.AddWithValue("$id", "search-" + runId);
        Assert.Equal(1, command.ExecuteNonQuery());
    }
}
