using System.CommandLine;
using System.Globalization;
using EvoPo.GpuWorker.Torch;
using EvoPo.GpuWorker.Training;
using TorchSharp;

namespace EvoPo.Coordinator.Cli;

/// <summary>
/// <c>evopo bench train</c>: agent-updates per second of the population trainer for several K, batched (one
/// K-agent run) against sequential (K single-agent runs of the same trainer), as a Markdown table.
/// </summary>
public sealed class BenchTrainCommand : CliCommand
{
    private static readonly int[] DefaultKs = [1, 8, 32, 64];

    private readonly Option<NumberList> _k = CliOptions.IntList("--k", "agents trained at once, one row each", DefaultKs);
    private readonly Option<int> _pairs = CliOptions.Int("--pairs", "N", "pairs of the synthetic dataset", 64, 1);
    private readonly Option<int> _epochs = CliOptions.Int("--epochs", "N", "epochs over the dataset", 1, 1);
    private readonly Option<int> _length = CliOptions.Int("--length", "T", "steps per trajectory", 100, 1);
    private readonly Option<int> _minibatch = CliOptions.Int("--minibatch", "N", "pairs per minibatch", 8, 1);
    private readonly Option<int> _obs = CliOptions.Int("--obs", "N", "observation dimension", TrainerBenchmark.DefaultPolicy.ObsDim, 1);
    private readonly Option<NumberList> _hidden = CliOptions.IntList("--hidden", "hidden widths of the policy", [.. TrainerBenchmark.DefaultPolicy.Hidden]);
    private readonly Option<int> _act = CliOptions.Int("--act", "N", "action dimension", TrainerBenchmark.DefaultPolicy.ActDim, 1);
    private readonly Option<int> _repeats = CliOptions.Int("--repeats", "N", "timed runs; each time is the best of them", 3, 1);
    private readonly Option<int> _threads = CliOptions.Int("--threads", "N", "torch's intra-op thread count; 0: torch's own choice", 0, 0);
    private readonly Option<string> _device = CliOptions.Text("--device", "D", "TorchSharp device", "cpu");
    private readonly Option<bool> _json = CliOptions.Json("print the rows as one JSON array (the settings line goes to stderr)");

    public BenchTrainCommand() : base("train", "agent-updates per second of batched vs sequential training for several K",
        """
        Trains K agents (1S-MPO, each with its own random φ⁻¹) on a synthetic dataset of the given shape, once as
        one batched run and once as K sequential single-agent runs, and prints agent-updates per second of each
        and the speed-up of batching. Each time is the best of --repeats runs after an untimed warm-up.
        """,
        "evopo bench train --k 1,8,32,64 --pairs 64 --epochs 1 --repeats 3")
    {
        CliOptions.Add(this, _k, _pairs, _epochs, _length, _minibatch, _obs, _hidden, _act, _repeats, _threads, _device, _json);
    }

    protected override Task<int> RunAsync(ParseResult parse, CancellationToken cancellation)
    {
        var ks = parse.GetRequiredValue(_k).Values;
        var pairs = parse.GetValue(_pairs);
        var epochs = parse.GetValue(_epochs);
        var length = parse.GetValue(_length);
        var minibatch = parse.GetValue(_minibatch);
        var obs = parse.GetValue(_obs);
        var hidden = parse.GetRequiredValue(_hidden).Values;
        var act = parse.GetValue(_act);
        var repeats = parse.GetValue(_repeats);
        var threads = parse.GetValue(_threads);
        var device = parse.GetRequiredValue(_device);
        var json = parse.GetValue(_json);
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
            throw new UsageException(e.Message);
        }
        if (json) Console.Out.WriteLine(System.Text.Json.JsonSerializer.Serialize(rows));
        return Task.FromResult(0);
    }
}
