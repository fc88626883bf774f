using System.CommandLine;
using System.Text.Json;
using EvoPo.Coordinator.Hosting;
using EvoPo.Coordinator.Runs;
using EvoPo.Messages.Search;

namespace EvoPo.Coordinator.Cli;

/// <summary><c>evopo status</c>: a run's state, generation and mean digest, read from its journal (never changes it).</summary>
public sealed class StatusCommand : CliCommand
{
    private readonly Argument<string> _runId = CliOptions.RunId("the run (its folder is DIR/<run-id>)");
    private readonly Option<string> _runs = CliOptions.Runs();
    private readonly Option<string> _postgres = CliOptions.Postgres();
    private readonly Option<bool> _json = CliOptions.Json("one JSON object: runId, state, generation, generations, meanDigest, bestFitness, ...");
    private readonly ClusterClientArgs _cluster = new();

    public StatusCommand() : base("status", "show a run's state (running/stopped/finished/failed), generation and meanDigest",
        "Shows the run's state and, per worker that ran units for it: address, capacity, units done, last seen.",
        "evopo status 20261123-101500-3fa2c1 --json",
        "evopo status 20261123-101500-3fa2c1 --cluster http://coordinator:8080")
    {
        Arguments.Add(_runId);
        CliOptions.Add(this, _runs, _postgres, _json);
        _cluster.AddTo(this);
    }

    protected override async Task<int> RunAsync(ParseResult parse, CancellationToken cancellation)
    {
        var runs = parse.GetRequiredValue(_runs);
        var json = parse.GetValue(_json);
        var postgres = CliOptions.PostgresOf(parse, _postgres);
        var runId = parse.GetRequiredValue(_runId);
        var cluster = _cluster.Read(parse);

        RunStatus status;
        try
        {
            status = cluster is not null
                ? await cluster.StatusAsync(runId, cancellation)
                : await ReadAsync(RunLookup.Existing(runs, runId), RunJournalReader.JournalFor(runs, postgres), cancellation);
        }
        catch (CliException e) when (json)
        {
            // A corrupt or unreachable journal: still one JSON object on stdout, so a script can read why.
            Console.WriteLine(JsonSerializer.Serialize(new { runId, state = "unreadable", failureReason = e.Message }));
            return CliApp.Failure;
        }
        Print(status, json);
        return status.State is "unreadable" or "unknown" ? CliApp.Failure : 0;
    }

    /// <summary>What <c>evopo status</c> prints, local or from a coordinator alike (also <c>evopo cancel</c>'s answer).</summary>
    public static void Print(RunStatus status, bool json)
    {
        if (json)
        {
            Console.WriteLine(JsonSerializer.Serialize(new
            {
                runId = status.RunId,
                state = status.State,
                generation = status.Generation,
                generations = status.Generations,
                meanDigest = status.MeanDigest,
                bestFitness = double.IsFinite(status.BestFitness) ? status.BestFitness : (double?)null,
                completedUnitsInGeneration = status.CompletedUnitsInGeneration,
                failureReason = status.FailureReason,
                workers = (status.Workers ?? []).Select(w => new
                {
                    address = w.Address,
                    capacity = w.Capacity,
                    units = w.Units,
                    computeSeconds = w.ComputeSeconds,
                    lastSeen = w.LastSeenUnixMs > 0 ? DateTimeOffset.FromUnixTimeMilliseconds(w.LastSeenUnixMs).ToString("O") : null,
                }),
            }));
        }
        else
        {
            Console.WriteLine($"run         {status.RunId}");
            Console.WriteLine($"state       {status.State}");
            Console.WriteLine(status.Generation < status.Generations
                ? $"generation  {status.Generation}/{status.Generations} done, {status.CompletedUnitsInGeneration} unit(s) of the next one"
                : $"generation  {status.Generation}/{status.Generations} done{(status.State == "finished" ? "" : $", report: {status.CompletedUnitsInGeneration} unit(s) done")}");
            Console.WriteLine($"best        {status.BestFitness:F2}");
            Console.WriteLine($"meanDigest  {status.MeanDigest}");
            if (status.FailureReason is not null) Console.WriteLine($"{(status.State == "cancelled" ? "cancelled " : "failure   ")}  {status.FailureReason}");
            WorkerTable.Write(Console.Out, status.Workers ?? [], DateTimeOffset.UtcNow);
        }
    }

    /// <summary>Replays the journal (never changes it); "running" when a live process holds the run's lock or a coordinator its lease.</summary>
    public static async Task<RunStatus> ReadAsync(RunFolder folder, JournalOptions journal, CancellationToken cancellation) =>
        RunJournalReader.LiveStatus(folder, await RunJournalReader.ReplayAsync(folder, journal, fromFirstEvent: false, cancellation),
            await RunJournalReader.LeasedAsync(journal, cancellation));
}
