using System.Globalization;
using EvoPo.GpuWorker.Torch;
using EvoPo.GpuWorker.Training;
using TorchSharp;

namespace EvoPo.Coordinator.Cli;

/// <summary>
/// <c>evopo bench train</c>: agent-updates per second of the population trainer for several K, batched (one
/// K-agent run) against sequential (K single-agent runs of the same trainer), as a Markdown table.
/// </summary>
public sealed class BenchTrainCommand : ICliCommand
{
    private static readonly int[] DefaultKs = [1, 8, 32, 64];

    public string Name => "bench train";

    public string Summary => "agent-updates per second of batched vs sequential training for several K";

    public string Usage =>
        """
        usage: evopo bench train [--k 1,8,32,64] [--pairs 64] [--epochs 1] [--length 100] [--minibatch 8]
                                 [--obs 10] [--hidden 32,32] [--act 4] [--repeats 3] [--threads N] [--device cpu] [--json]

        Trains K agents (1S-MPO, each with its own random φ⁻¹) on a synthetic dataset of the given shape, once as
        one batched run and once as K sequential single-agent runs, and prints agent-updates per second of each
        and the speed-up of batching. Each time is the best of --repeats runs after an untimed warm-up.
        --threads sets torch's intra-op thread count (default: torch's own choice).
        --json prints the rows as one JSON array (the settings line goes to stderr).

        example: evopo bench train --k 1,8,32,64 --pairs 64 --epochs 1 --repeats 3
        """;

    public Task<int> RunAsync(CliArgs args, CancellationToken cancellation)
    {
        var ks = args.IntList("k", DefaultKs);
        var pairs = args.Int("pairs", 64, min: 1);
        var epochs = args.Int("epochs", 1, min: 1);
        var length = args.Int("length", 100, min: 1);
        var minibatch = args.Int("minibatch", 8, min: 1);
        var obs = args.Int("obs", TrainerBenchmark.DefaultPolicy.ObsDim, min: 1);
        var hidden = args.IntList("hidden", [.. TrainerBenchmark.DefaultPolicy.Hidden]);
        var act = args.Int("act", TrainerBenchmark.DefaultPolicy.ActDim, min: 1);
        var repeats = args.Int("repeats", 3, min: 1);
        var threads = args.Int("threads", 0, min: 0);
        var device = args.Option("device") ?? "cpu";
        var json = args.Flag("json");
        args.EnsureAllUsed(maxPositionals: 0);
        var log = json ? Console.Error : Console.Out;
        var rows = new List<object>();

        TorchRuntime.EnsureLoaded();
        if (threads > 0) torch.set_num_threads(threads);
        var policy = TrainerBenchmark.DefaultPolicy with { ObsDim = obs, Hidden = hidden, ActDim = act };
        var invariant = CultureInfo.InvariantCulture;

        log.WriteLine(string.Create(invariant,
            $"policy obs {obs}, hidden [{string.Join(", ", hidden)}], act {act}; {pairs} pairs of length {length}, " +
            $"minibatch {minibatch} pairs, {epochs} epoch(s); device {device}, {Environment.ProcessorCount} logical cores, " +
            $"torch threads {torch.get_num_threads()}; best of {repeats}"));
        if (!json)
        {
            Console.Out.WriteLine();
            Console.Out.WriteLine("| K | agent-updates | batched updates/s | sequential updates/s | speed-up |");
            Console.Out.WriteLine("|---:|---:|---:|---:|---:|");
        }
        try
        {
            TrainerBenchmark.Run(ks, pairs, epochs, length, minibatch, device, repeats, policy, r =>
            {
                cancellation.ThrowIfCancellationRequested();
                if (json)
                    rows.Add(new { agents = r.Agents, agentUpdates = r.AgentUpdates, batchedUpdatesPerSecond = r.BatchedUpdatesPerSecond,
                        sequentialUpdatesPerSecond = r.SequentialUpdatesPerSecond, speedup = r.Speedup });
                else
                    Console.Out.WriteLine(string.Create(invariant,
                    $"| {r.Agents} | {r.AgentUpdates} | {r.BatchedUpdatesPerSecond:F0} | {r.SequentialUpdatesPerSecond:F0} | {r.Speedup:F1}× |"));
            });
        }
        catch (ArgumentException e)
        {
            throw new UsageException(Name, e.Message);
        }
        if (json) Console.Out.WriteLine(System.Text.Json.JsonSerializer.Serialize(rows));
        return Task.FromResult(0);
    }
}
