using System.CommandLine;
using System.Globalization;
using EvoPo.Simulation.Tasks;
using EvoPo.Simulation.Tasks.Ilgpu;
using EvoPo.Simulation.Tasks.Mujoco;

namespace EvoPo.Coordinator.Cli;

/// <summary>
/// <c>evopo bench sim</c>: MuJoCo environment steps per second (Hopper, Ant) for several thread counts against a
/// plain C loop of mj_step on the same model, and the built-in C# tasks' steps per second (plain C# and ILGPU), as
/// Markdown tables.
/// </summary>
public sealed class BenchSimCommand : CliCommand
{
    private readonly Option<string> _tasks = CliOptions.Text("--tasks", "T,T,...", $"MuJoCo tasks ({string.Join(", ", MujocoTasks.Names)})", "hopper,ant");
    private readonly Option<string> _builtIn = CliOptions.Text("--builtin", "T,T,...", "built-in C# tasks", "crawler,crawler-3leg,hopper-lite");
    private readonly Option<NumberList> _threads = CliOptions.IntList("--threads", "thread counts of the MuJoCo rows", [1, 2]);
    private readonly Option<int> _envs = CliOptions.Int("--envs", "N", "environments stepped at once", 64, 1);
    private readonly Option<int> _steps = CliOptions.Int("--steps", "N", "steps per environment", 200, 1);
    private readonly Option<int> _repeats = CliOptions.Int("--repeats", "N", "timed runs; each time is the best of them", 3, 1);
    private readonly Option<bool> _json = CliOptions.Json("print the three tables as one JSON object (other lines go to stderr)");

    public BenchSimCommand() : base("sim", "MuJoCo and built-in task steps per second (vs a plain C mj_step loop)",
        """
        Steps --envs environments of each MuJoCo task for --steps steps (one step = the task's frame skip of
        mj_step calls, random controls, no termination) with the batched environment on N threads, and the same
        environments, start states and controls with a plain C loop over mj_step on N threads. Prints environment
        steps per second of both and the environment's overhead. Each time is the best of --repeats runs after
        an untimed warm-up. Then the built-in tasks' steps per second (one thread), and the same tasks in plain C#
        against their ILGPU kernels (CUDA when an NVIDIA GPU is present, else ILGPU's CPU accelerator;
        EVOPO_ILGPU=cpu forces it), episodes reset every 100 steps, fallen rows frozen until then.
        """,
        "evopo bench sim --threads 1,2 --envs 64 --steps 200")
    {
        CliOptions.Add(this, _tasks, _builtIn, _threads, _envs, _steps, _repeats, _json);
    }

    protected override Task<int> RunAsync(ParseResult parse, CancellationToken cancellation)
    {
        var tasks = parse.GetRequiredValue(_tasks).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var builtIn = parse.GetRequiredValue(_builtIn).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var threads = parse.GetRequiredValue(_threads).Values;
        var envs = parse.GetValue(_envs);
        var steps = parse.GetValue(_steps);
        var repeats = parse.GetValue(_repeats);
        var json = parse.GetValue(_json);
        foreach (var t in tasks)
            if (!MujocoTasks.Contains(t)) throw new UsageException($"unknown MuJoCo task '{t}'; valid: {string.Join(", ", MujocoTasks.Names)}");
        foreach (var t in builtIn)
            if (!BuiltInTasks.Names.Contains(t) || MujocoTasks.Contains(t)) throw new UsageException($"'{t}' is not a built-in C# task");

        var invariant = CultureInfo.InvariantCulture;
        // With --json only the JSON goes to stdout; the tables are not printed.
        var log = json ? Console.Error : Console.Out;
        var table = json ? TextWriter.Null : Console.Out;
        var (mujocoRows, builtInRows, ilgpuRows) = (new List<object>(), new List<object>(), new List<object>());
        log.WriteLine(string.Create(invariant,
            $"MuJoCo {MujocoNative.Version() / 100}.{MujocoNative.Version() / 10 % 10}.{MujocoNative.Version() % 10}; {envs} environments x {steps} steps, {Environment.ProcessorCount} logical cores; best of {repeats}"));
        table.WriteLine();
        table.WriteLine("| task | threads | environment steps/s | plain C mj_step loop steps/s | overhead |");
        table.WriteLine("|---|---:|---:|---:|---:|");
        foreach (var task in tasks)
            foreach (var n in threads)
            {
                cancellation.ThrowIfCancellationRequested();
                var r = StepBenchmark.Mujoco(task, n, envs, steps, repeats);
                mujocoRows.Add(new { task, threads = n, environmentStepsPerSecond = r.EnvironmentStepsPerSecond, plainStepsPerSecond = r.PlainStepsPerSecond, overhead = r.Overhead });
                table.WriteLine(string.Create(invariant,
                    $"| {task} | {n} | {r.EnvironmentStepsPerSecond:F0} | {r.PlainStepsPerSecond:F0} | {100 * r.Overhead:F1} % |"));
            }
        table.WriteLine();
        table.WriteLine("| built-in task (C#, 1 thread) | steps/s |");
        table.WriteLine("|---|---:|");
        foreach (var task in builtIn)
        {
            cancellation.ThrowIfCancellationRequested();
            var stepsPerSecond = StepBenchmark.BuiltIn(task, envs, steps, repeats);
            builtInRows.Add(new { task, stepsPerSecond });
            table.WriteLine(string.Create(invariant, $"| {task} | {stepsPerSecond:F0} |"));
        }
        log.WriteLine();
        log.WriteLine($"ILGPU device {IlgpuDevice.Shared}");
        table.WriteLine();
        table.WriteLine("| built-in task | backend | environments | row-steps/s | live row-steps | live env-steps/s |");
        table.WriteLine("|---|---|---:|---:|---:|---:|");
        BuiltInSimBenchmark.Run(builtIn, [envs], steps, repeats, r =>
        {
            cancellation.ThrowIfCancellationRequested();
            ilgpuRows.Add(new { task = r.Task, backend = r.Backend.ToString(), environments = r.Environments, stepsPerSecond = r.StepsPerSecond,
                liveFraction = r.LiveFraction, liveStepsPerSecond = r.LiveStepsPerSecond });
            table.WriteLine(string.Create(invariant,
                $"| {r.Task} | {r.Backend} | {r.Environments} | {r.StepsPerSecond:F0} | {r.LiveFraction:P0} | {r.LiveStepsPerSecond:F0} |"));
        });
        if (json)
            Console.Out.WriteLine(System.Text.Json.JsonSerializer.Serialize(new { mujoco = mujocoRows, builtIn = builtInRows, builtInBackends = ilgpuRows }));
        return Task.FromResult(0);
    }
}
