using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Akka.Actor;
using EvoPo.Coordinator.Bench;
using EvoPo.Coordinator.Config;
using EvoPo.Coordinator.Hosting;
using EvoPo.Coordinator.Runs;
using EvoPo.Coordinator.Search;

namespace EvoPo.Coordinator.Cli;

/// <summary>
/// <c>evopo bench cluster</c>: a coordinator in this process and N worker processes on loopback whose units take
/// a fixed simulated time; measures units per second against the ideal N / unit time, and the coordinator's CPU
/// time per unit: all of this process's CPU during the search, and that net of its idle background (measured for a few
/// seconds with the workers joined before the search starts). Wall and CPU run from the start to the last unit's
/// result; writing report.md afterwards is a once-per-run cost, shown apart.
/// </summary>
public sealed class BenchClusterCommand : CliCommand
{
    private readonly Option<NumberList> _workers = CliOptions.IntList("--workers", "worker process counts, one row each", [1, 2, 4, 8]);
    private readonly Option<double> _unitSeconds = CliOptions.Double("--unit-seconds", "S", "simulated seconds per unit", 0.2, min: 0);
    private readonly Option<int> _population = CliOptions.Int("--population", "N", "candidates per generation, even", 32, 2, 4096);
    private readonly Option<int> _generations = CliOptions.Int("--generations", "N", "ES generations", 2, 1, 1000);
    private readonly Option<bool> _json = CliOptions.Json("print the rows as one JSON array (the per-count lines go to stderr)");

    public BenchClusterCommand() : base("cluster", "units/s and coordinator CPU per unit with 1..N simulated worker processes on loopback",
        "Workers run `evopo worker --simulate-unit-seconds S` (no training); units of one candidate each.",
        "evopo bench cluster --workers 1,2,4,8 --unit-seconds 0.2")
    {
        CliOptions.Add(this, _workers, _unitSeconds, _population, _generations, _json);
    }

    protected override async Task<int> RunAsync(ParseResult parse, CancellationToken cancellation)
    {
        var workerCounts = parse.GetRequiredValue(_workers).Values;
        var unitSeconds = parse.GetValue(_unitSeconds);
        var population = parse.GetValue(_population);
        var generations = parse.GetValue(_generations);
        var json = parse.GetValue(_json);
        var log = json ? Console.Error : Console.Out;
        if (population % 2 != 0) throw new UsageException($"--population must be even, got {population}");

        var rows = new List<ClusterBenchRow>();
        foreach (var n in workerCounts)
        {
            var row = await MeasureAsync(n, unitSeconds, population, generations, cancellation);
            log.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{n} worker(s): {row.Units} units in {row.WallSeconds:F2} s, {row.UnitsPerSecond:F1} units/s ({row.Efficiency:P0} of ideal), coordinator {row.CoordinatorMillisecondsPerUnit:F2} ms CPU/unit, {row.NetCoordinatorMillisecondsPerUnit:F2} net of idle ({1000 * row.IdleCpuPerSecond:F0} ms/s); then {row.ReportSeconds:F2} s writing the report"));
            rows.Add(row);
        }
        if (json)
        {
            Console.WriteLine(System.Text.Json.JsonSerializer.Serialize(rows, new System.Text.Json.JsonSerializerOptions(System.Text.Json.JsonSerializerDefaults.Web)));
            return 0;
        }
        Console.WriteLine();
        Console.WriteLine("| workers | units | wall s | units/s | ideal units/s | efficiency | coordinator CPU ms/unit | net of idle ms/unit | idle CPU ms/s | report s |");
        Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var r in rows)
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {r.Workers} | {r.Units} | {r.WallSeconds:F2} | {r.UnitsPerSecond:F1} | {r.IdealUnitsPerSecond:F1} | {r.Efficiency:P0} | {r.CoordinatorMillisecondsPerUnit:F2} | {r.NetCoordinatorMillisecondsPerUnit:F2} | {1000 * r.IdleCpuPerSecond:F0} | {r.ReportSeconds:F2} |"));
        return 0;
    }

    private static async Task<ClusterBenchRow> MeasureAsync(int workers, double unitSeconds, int population, int generations, CancellationToken cancellation)
    {
        var dir = Directory.CreateTempSubdirectory("evopo-bench-cluster-").FullName;
        var processes = new List<Process>();
        try
        {
            var port = FreePort();
            var options = new NodeOptions
            {
                Journal = JournalOptions.Sqlite(Path.Combine(dir, "evopo.db")),
                Roles = [NodeRoles.Coordinator],
                Port = port,
                Seeds = [$"127.0.0.1:{port}"],
            };
            await using var node = await EvoPoNode.StartAsync(options, cancellation);
            for (var i = 0; i < workers; i++) processes.Add(StartWorker(port, unitSeconds));
            await WaitForCapacityAsync(node, workers, cancellation);
            var idleCpuPerSecond = await IdleCpuPerSecondAsync(cancellation);

            var config = new SearchConfig
            {
                Task = new TaskConfig { EpisodeLength = 10 },
                Dataset = new DatasetConfig { Pairs = 8 },
                Training = new TrainingConfig { MinibatchPairs = 8 },
                Es = new EsConfig { Population = population, Generations = generations },
                // The workers below simulate their units: a run takes them only when it asks for simulated work.
                Work = new WorkConfig { UnitSize = 1, Simulated = true },
                Report = new ReportConfig { Baselines = [], Seeds = 1 },
            }.Validate();
            var folder = new RunFolder(Path.Combine(dir, "runs"), RunFolder.NewRunId(DateTime.UtcNow));
            var created = SearchSession.Prepare(config, Path.Combine(Directory.GetCurrentDirectory(), "bench.yaml"), folder, TextWriter.Null);

            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var clock = Stopwatch.StartNew();
            double? unitsWall = null, unitsCpu = null;
            var outputs = new RunFolderOutputs(folder, TextWriter.Null, verbose: false)
            {
                AllUnitsDone = () =>
                {
                    unitsWall ??= clock.Elapsed.TotalSeconds;
                    unitsCpu ??= (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
                },
            };
            var outcome = await SearchSession.RunOnAsync(node, folder, created, outputs, TextWriter.Null, cancellation);
            clock.Stop();
            if (!outcome.Succeeded) throw new CliException($"bench run failed: {outcome.FailureReason}");
            if (unitsWall is null || unitsCpu is null) throw new CliException("bench run finished without reporting that all its units were in");
            var units = generations * population + 3;
            return new ClusterBenchRow(workers, units, unitsWall.Value, unitSeconds, unitsCpu.Value, idleCpuPerSecond, clock.Elapsed.TotalSeconds - unitsWall.Value);
        }
        finally
        {
            foreach (var process in processes)
            {
                if (!process.HasExited) process.Kill(entireProcessTree: true);
                process.Dispose();
            }
            Directory.Delete(dir, recursive: true);
        }
    }

    private static Process StartWorker(int port, double unitSeconds)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(typeof(BenchClusterCommand).Assembly.Location);
        foreach (var arg in new[] { "worker", "--seeds", $"127.0.0.1:{port}", "--simulate-unit-seconds", unitSeconds.ToString(CultureInfo.InvariantCulture) })
            info.ArgumentList.Add(arg);
        var process = Process.Start(info) ?? throw new CliException("could not start a worker process");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static async Task WaitForCapacityAsync(EvoPoNode node, int workers, CancellationToken cancellation)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(2);
        var gatekeeper = node.System.ActorSelection("/user/" + NodeGatekeeper.Name);
        while (DateTime.UtcNow < deadline)
        {
            var pool = await gatekeeper.Ask<WorkerPool>(GetWorkerPool.Instance, TimeSpan.FromSeconds(5), cancellation);
            if (pool.Workers.Count >= workers) return;
            await Task.Delay(200, cancellation);
        }
        throw new CliException($"{workers} worker process(es) did not join within 2 minutes");
    }

    private static async Task<double> IdleCpuPerSecondAsync(CancellationToken cancellation)
    {
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        await Task.Delay(TimeSpan.FromSeconds(5), cancellation);
        return (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds / clock.Elapsed.TotalSeconds;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
