using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace EvoPo.Coordinator.Tests.EndToEnd;

/// <summary>
/// A long-lived <c>evopo coordinator</c> and workers as separate processes on loopback, driven through the submission API by
/// <c>evopo submit|runs|status|report|cancel --cluster URL</c>: submitted searches end as they do alone, a bad config is
/// refused before anything is stored, a request without the token is refused, a cancelled run stays cancelled, and a
/// restarted coordinator takes up the runs it left unfinished.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed partial class SubmissionTests : IDisposable
{
    private static readonly TimeSpan Timeout = EvopoProcess.Timeout;

    private readonly string _dir = Directory.CreateTempSubdirectory("evopo-submit-").FullName;
    private readonly List<EvopoProcess> _processes = [];

    public void Dispose()
    {
        foreach (var process in _processes) process.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    [PostgresFact]
    public void Two_searches_submitted_to_one_coordinator_finish_with_the_digests_of_their_single_process_runs()
    {
        var configs = new[] { SmallSearchConfig.WriteTo(_dir), SmallSearchConfig.WriteTo(_dir, generations: 4) };
        var alone = new[] { SmallSearchConfig.DigestAlone(), SmallSearchConfig.DigestAlone(generations: 4) };

        var (coordinator, url, seed) = Coordinator("--postgres", PostgresFactAttribute.ConnectionString);
        for (var i = 1; i <= 2; i++)
            Start("worker", "--seeds", seed, "--cache", Path.Combine(_dir, $"cache-{i}"), "--fetch-artifacts");
        var runIds = configs.Select(config => EvopoProcess.RunIdIn(Cli(0, "submit", "--cluster", url, "--config", config))).ToArray();

        // Either may finish first: one wait for both lines (a line read while waiting for the other is not seen again).
        var finished = new HashSet<string>();
        coordinator.WaitForLine(l => runIds.FirstOrDefault(id => l.StartsWith($"[{id}] run {id} finished")) is { } id && finished.Add(id) && finished.Count == 2,
            Timeout);
        for (var i = 0; i < 2; i++)
        {
            var status = JsonDocument.Parse(Cli(0, "status", runIds[i], "--cluster", url, "--json")).RootElement;
            Assert.Equal("finished", status.GetProperty("state").GetString());
            Assert.Equal(alone[i], status.GetProperty("meanDigest").GetString());
        }
        // Both ran at once on the same workers: the first was not finished when the second's units began.
        var lines = coordinator.Output.Split('\n');
        Assert.True(Array.FindIndex(lines, l => l.StartsWith($"[{runIds[1]}] gen   1/")) < Array.FindIndex(lines, l => l.StartsWith($"[{runIds[0]}] run {runIds[0]} finished")),
            coordinator.Output);
        Assert.Contains($"wrote {Path.Combine(_dir, "downloads", runIds[0], "report.md")} (finished, 3/3 generations)",
            Cli(0, "report", runIds[0], "--cluster", url, "--runs", Path.Combine(_dir, "downloads")));
    }

    [Fact]
    public async Task A_submission_is_checked_and_authorized_before_anything_is_stored_and_a_cancelled_run_stays_cancelled()
    {
        var token = Path.Combine(_dir, "token");
        await File.WriteAllTextAsync(token, "s3cret\n");
        var runs = Path.Combine(_dir, "runs");
        var (coordinator, url, seed) = Coordinator("--token-file", token, "--runs", runs);
        Start("worker", "--seeds", seed, "--simulate-unit-seconds", "0.05");
        var config = SmallSearchConfig.WriteTo(_dir, generations: 500, simulated: true);

        // Straight to the API, past the client's own check: refused with the validation message, nothing stored.
        using var http = new HttpClient();
        using var bad = new HttpRequestMessage(HttpMethod.Post, $"{url}/api/runs") { Content = new StringContent("es: { population: 3 }\n") };
        bad.Headers.Authorization = new("Bearer", "s3cret");
        using var refused = await http.SendAsync(bad);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("es.population: must be an even integer", await refused.Content.ReadAsStringAsync());
        Assert.Empty(Directory.GetDirectories(runs));
        Assert.Contains("missing or wrong bearer token", Cli(1, "submit", "--cluster", url, "--config", config));

        var runId = EvopoProcess.RunIdIn(Cli(0, "submit", "--cluster", url, "--config", config, "--token-file", token));
        coordinator.WaitForLine(l => l.StartsWith($"[{runId}] gen   2/"), Timeout);
        Assert.Matches($@"{runId}\s+\S+\s+running", Cli(0, "runs", "--cluster", url, "--token-file", token));
        Assert.Matches(@"state\s+cancelled", Cli(0, "cancel", runId, "--cluster", url, "--token-file", token));
        coordinator.WaitForLine(l => l == $"[{runId}] run {runId} cancelled: cancelled through the submission API from 127.0.0.1", Timeout);
        Assert.Contains("is cancelled: there is nothing to cancel", Cli(1, "cancel", runId, "--cluster", url, "--token-file", token));
        // The journal says so to anyone who reads it, with the coordinator or without.
        Assert.Matches($@"{runId}\s+\S+\s+cancelled", Cli(0, "runs", "--cluster", url, "--token-file", token));
        Assert.Matches($@"{runId}\s+\S+\s+cancelled", Cli(0, "runs", "--runs", runs));
    }

    [Fact]
    public void A_restarted_coordinator_takes_up_its_unfinished_runs_and_they_end_as_if_never_stopped()
    {
        var config = SmallSearchConfig.WriteTo(_dir);
        var alone = SmallSearchConfig.DigestAlone();

        var runs = Path.Combine(_dir, "runs");
        var port = FreePorts.Next();
        // A short lease: the restarted coordinator takes its runs up once the dead one's lease has expired.
        var (coordinator, url, seed) = Coordinator("--runs", runs, "--port", port.ToString(), "--lease-seconds", "6");
        Start("worker", "--seeds", seed);
        var runId = EvopoProcess.RunIdIn(Cli(0, "submit", "--cluster", url, "--config", config));
        coordinator.WaitForLine(l => l.StartsWith($"[{runId}] gen   1/"), Timeout);
        coordinator.KillHard();

        var (restarted, _, _) = Coordinator("--runs", runs, "--port", port.ToString(), "--http-port", new Uri(url).Port.ToString(),
            "--lease-seconds", "6");
        // The first worker stays with the cluster of the coordinator that died (until its --coordinator-timeout): a new one joins.
        Start("worker", "--seeds", seed);
        var finished = restarted.WaitForLine(l => l.StartsWith($"[{runId}] run {runId} finished"), Timeout);
        Assert.Contains($"run {runId} is unfinished in the journal: resuming it", restarted.Output);
        Assert.Equal(alone, DigestPattern().Match(finished).Groups[1].Value);
    }

    /// <summary>A coordinator on free ports (or those given); its API URL and its remoting address as a seed.</summary>
    private (EvopoProcess Process, string Url, string Seed) Coordinator(params string[] args)
    {
        var port = Option(args, "--port") ?? FreePorts.Next().ToString();
        var httpPort = Option(args, "--http-port") ?? FreePorts.Next().ToString();
        string[] defaults = ["--port", port, "--http-port", httpPort, "--seeds", $"127.0.0.1:{port}", .. Option(args, "--runs") is null ? ["--runs", Path.Combine(_dir, "runs")] : Array.Empty<string>()];
        var process = Start(["coordinator", .. defaults, .. Without(args, "--port", "--http-port")]);
        process.WaitForLine(l => l.StartsWith("coordinator ") && l.Contains(" up; "), Timeout);
        return (process, $"http://127.0.0.1:{httpPort}", $"127.0.0.1:{port}");
    }

    private static string? Option(string[] args, string name) => Array.IndexOf(args, name) is var i and >= 0 ? args[i + 1] : null;

    private static string[] Without(string[] args, params string[] names)
    {
        var kept = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            if (names.Contains(args[i])) i++;
            else kept.Add(args[i]);
        }
        return [.. kept];
    }

    private EvopoProcess Start(params string[] args)
    {
        var process = EvopoProcess.Start(ClusterTests.FastFailureDetection, args);
        _processes.Add(process);
        return process;
    }

    /// <summary>Runs a CLI command to its end, asserts its exit code, and returns its output.</summary>
    private static string Cli(int expectedCode, params string[] args)
    {
        var (code, output) = EvopoProcess.Run(Timeout, args);
        Assert.True(code == expectedCode, $"exit code {code}, expected {expectedCode}:\n{output}");
        return output;
    }

    [GeneratedRegex(@"finished; meanDigest ([0-9a-f]{64})")]
    private static partial Regex DigestPattern();
}
