using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using EvoPo.Coordinator.Runs;
using EvoPo.Messages.Search;

namespace EvoPo.Coordinator.Cli;

/// <summary><c>evopo runs</c>: every run of a runs directory with its state, generation, best fitness and age, read from the journal.</summary>
public sealed class RunsCommand : CliCommand
{
    private readonly Option<string> _runs = CliOptions.Runs();
    private readonly Option<string> _postgres = CliOptions.Postgres();
    private readonly Option<bool> _json = CliOptions.Json("one JSON array: runId, state, generation, generations, bestFitness, createdUtc, ageSeconds, failureReason");
    private readonly ClusterClientArgs _cluster = new();

    public RunsCommand() : base("runs", "list the runs of a runs directory: state, generation g/G, best fitness, age",
        """
        Lists every run folder with a config.yaml and every run the journal holds (also one whose config.yaml is gone).
        A run is "running" while a process holds its lock or a coordinator its lease (in the journal database), otherwise stopped, finished, failed or cancelled as its journal says;
        "unreadable" when its journal events cannot be read (the reason is printed below the table, and in failureReason),
        "unknown" when its folder has a config but the journal has no event of it.
        """,
        "evopo runs",
        "evopo runs --runs /data/runs --json",
        "evopo runs --cluster http://coordinator:8080")
    {
        CliOptions.Add(this, _runs, _postgres, _json);
        _cluster.AddTo(this);
    }

    protected override async Task<int> RunAsync(ParseResult parse, CancellationToken cancellation)
    {
        var runs = parse.GetRequiredValue(_runs);
        var postgres = CliOptions.PostgresOf(parse, _postgres);
        var json = parse.GetValue(_json);
        if (_cluster.Read(parse) is { } cluster)
        {
            Print(await cluster.RunsAsync(cancellation), json, cluster.ToString());
            return 0;
        }
        if (!Directory.Exists(runs)) throw new CliException($"no runs directory '{Path.GetFullPath(runs)}' (pass --runs DIR)");

        Print(await ReadAsync(runs, RunJournalReader.JournalFor(runs, postgres), cancellation), json, Path.GetFullPath(runs));
        return 0;
    }

    /// <summary>Every run of the runs directory, with its status as the journal, the run leases and the run locks say.</summary>
    public static async Task<IReadOnlyList<RunRow>> ReadAsync(string runs, Hosting.JournalOptions journal, CancellationToken cancellation)
    {
        var replays = await RunJournalReader.ReplayAllAsync(runs, journal, cancellation);
        var leased = await RunJournalReader.LeasedAsync(journal, cancellation);
        return replays.Select(r => new RunRow(RunJournalReader.LiveStatus(r.Folder, r.Replay, leased), r.Replay.State?.Created.CreatedUtc,
            r.Replay.State is { } state ? Config.RunKind.Of(state.Plan.Config) : null)).ToArray();
    }

    /// <summary>The table (or <c>--json</c> array) of <c>evopo runs</c>, local or from a coordinator alike.</summary>
    public static void Print(IReadOnlyList<RunRow> rows, bool json, string where)
    {
        var now = DateTime.UtcNow;
        if (json)
        {
            Console.WriteLine(JsonSerializer.Serialize(rows.Select(r => new
            {
                runId = r.Status.RunId,
                kind = r.Kind,
                state = r.Status.State,
                generation = r.Status.Generation,
                generations = r.Status.Generations,
                bestFitness = double.IsFinite(r.Status.BestFitness) ? r.Status.BestFitness : (double?)null,
                createdUtc = r.CreatedUtc,
                ageSeconds = r.CreatedUtc is { } c ? Math.Round((now - c).TotalSeconds) : (double?)null,
                failureReason = r.Status.FailureReason,
            })));
            return;
        }
        if (rows.Count == 0)
        {
            Console.WriteLine($"no runs in {where}");
            return;
        }
        var width = Math.Max(6, rows.Max(r => r.Status.RunId.Length));
        Console.WriteLine($"{"run".PadRight(width)}  {"kind",-8} {"state",-10} {"gen",9}  {"best",9}  age");
        foreach (var r in rows)
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{r.Status.RunId.PadRight(width)}  {r.Kind ?? "-",-8} {r.Status.State,-10} {$"{r.Status.Generation}/{r.Status.Generations}",9}  " +
                $"{(double.IsFinite(r.Status.BestFitness) ? r.Status.BestFitness.ToString("F2", CultureInfo.InvariantCulture) : "-"),9}  " +
                $"{(r.CreatedUtc is { } c ? Age(now - c) : "-")}"));
        // Why a run failed, was cancelled or cannot be read, below the table so that its columns stay aligned.
        foreach (var r in rows.Where(r => r.Status.State is "unreadable" or "failed" or "cancelled" && r.Status.FailureReason is not null))
            Console.WriteLine($"{r.Status.RunId} {r.Status.State}: {r.Status.FailureReason}");
    }

    /// <summary>"45s", "12m", "3h05m", "2d04h".</summary>
    public static string Age(TimeSpan age) => age.TotalSeconds switch
    {
        < 0 => "0s",
        < 60 => $"{(int)age.TotalSeconds}s",
        < 3600 => $"{(int)age.TotalMinutes}m",
        < 86400 => $"{(int)age.TotalHours}h{age.Minutes:00}m",
        _ => $"{(int)age.TotalDays}d{age.Hours:00}h",
    };
}
