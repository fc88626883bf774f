using System.Text.Json;
using EvoPo.Coordinator.Hosting;
using EvoPo.Coordinator.Runs;
using EvoPo.Messages.Search;

namespace EvoPo.Coordinator.Cli;

/// <summary><c>evopo status</c>: a run's state, generation and mean digest, read from its journal (never changes it).</summary>
public sealed class StatusCommand : ICliCommand
{
    public string Name => "status";

    public string Summary => "show a run's state (running/stopped/finished/failed), generation and meanDigest";

    public string Usage => """
        usage: evopo status <run-id> [--runs DIR] [--json] [--postgres CS]

        Shows the run's state and, per worker that ran units for it: address, capacity, units done, last seen.

          --runs DIR   runs directory (default: runs)
          --postgres CS  read the journal from PostgreSQL (env EVOPO_POSTGRES) instead of DIR/evopo.db
          --json       one JSON object: runId, state, generation, generations, meanDigest, bestFitness, ...

        example:
          evopo status 20261123-101500-3fa2c1 --json
        """;

    public async Task<int> RunAsync(CliArgs args, CancellationToken cancellation)
    {
        var runs = args.Option("runs") ?? "runs";
        var json = args.Flag("json");
        var postgres = args.Option("postgres") ?? Environment.GetEnvironmentVariable("EVOPO_POSTGRES");
        var runId = args.Positional(0, "<run-id>");
        args.EnsureAllUsed(maxPositionals: 1);
        var folder = RunLookup.Existing(runs, runId);

        RunStatus status;
        try
        {
            status = await ReadAsync(folder, RunJournalReader.JournalFor(runs, postgres), cancellation);
        }
        catch (CliException e) when (json)
        {
            // A corrupt or unreachable journal: still one JSON object on stdout, so a script can read why.
            Console.WriteLine(JsonSerializer.Serialize(new { runId, state = "unreadable", failureReason = e.Message }));
            return CliApp.Failure;
        }
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
            if (status.FailureReason is not null) Console.WriteLine($"failure     {status.FailureReason}");
            WorkerTable.Write(Console.Out, status.Workers ?? [], DateTimeOffset.UtcNow);
        }
        return status.State is "unreadable" or "unknown" ? CliApp.Failure : 0;
    }

    /// <summary>Replays the journal (never changes it); "running" when a live process holds the run's lock.</summary>
    public static async Task<RunStatus> ReadAsync(RunFolder folder, JournalOptions journal, CancellationToken cancellation) =>
        RunJournalReader.LiveStatus(folder, await RunJournalReader.ReplayAsync(folder, journal, fromFirstEvent: false, cancellation));
}
