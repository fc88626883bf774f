using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using EvoPo.Simulation.Evaluation;
using EvoPo.Simulation.Tasks;

namespace EvoPo.Coordinator.Cli;

/// <summary>
/// <c>evopo evaluate</c>: an agent file's mean return ± standard error over sampled episodes, so anyone can check the
/// figures docs/tasks.md quotes for the shipped agents. The default episode seed is one no shipped config evaluates on.
/// </summary>
public sealed class EvaluateCommand : CliCommand
{
    /// <summary>Not the <c>evaluation.seed</c> of any shipped config (they use 3): these episodes are held out from searches.</summary>
    public const ulong DefaultSeed = 2026;

    private readonly Option<string> _agent = CliOptions.Text("--agent", "AGENT.json", "the agent to evaluate", required: true);
    private readonly Option<string> _task = CliOptions.Choice("--task", "the task it acts in", null, BuiltInTasks.Names, required: true);
    private readonly Option<int> _episodes = CliOptions.Int("--episodes", "N", "episodes", 64, 1, 100_000);
    private readonly Option<int> _episodeLength = CliOptions.Int("--episode-length", "N",
        "steps per episode (the paper's MuJoCo episodes have 1000, the built-in tasks' configs 100)", 100, 1, 1_000_000);
    private readonly Option<ulong> _seed = CliOptions.UInt64("--seed", "S", "seed of the episodes' start states and action noise", DefaultSeed);
    private readonly Option<bool> _deterministic = CliOptions.Flag("--deterministic", "act with the policy's mean action instead of sampling");
    private readonly Option<bool> _json = CliOptions.Json("print one JSON object instead of the line");

    public EvaluateCommand() : base("evaluate", "an agent's mean return ± standard error over held-out sampled episodes", "",
        "evopo evaluate --agent agents/crawler-target.agent.json --task crawler-3leg",
        "evopo evaluate --agent agents/hopper-expert.agent.json --task hopper --episode-length 1000 --episodes 64 --json")
    {
        CliOptions.Add(this, _agent, _task, _episodes, _episodeLength, _seed, _deterministic, _json);
    }

    protected override Task<int> RunAsync(ParseResult parse, CancellationToken cancellation)
    {
        var path = parse.GetRequiredValue(_agent);
        var taskName = parse.GetRequiredValue(_task);
        var episodes = parse.GetValue(_episodes);
        var episodeLength = parse.GetValue(_episodeLength);
        var seed = parse.GetValue(_seed);
        var deterministic = parse.GetValue(_deterministic);
        var agent = AgentFiles.Read(path, "--agent");
        var task = BuiltInTasks.Get(taskName, episodeLength);
        AgentFiles.EnsureFits(agent, path, "--agent", task);
        cancellation.ThrowIfCancellationRequested();

        var returns = new PolicyEvaluator(task, episodes, seed, deterministic).Evaluate([agent]).EpisodeReturns[0];
        var mean = returns.Average();
        var stdError = returns.Length > 1 ? Math.Sqrt(returns.Sum(r => (r - mean) * (r - mean)) / (returns.Length - 1) / returns.Length) : double.NaN;
        var mode = deterministic ? "mean actions" : "sampled";
        var output = parse.InvocationConfiguration.Output;
        if (parse.GetValue(_json))
        {
            output.WriteLine(JsonSerializer.Serialize(new
            {
                agent = path, task = taskName, episodes, episodeLength, seed, actions = mode,
                meanReturn = mean, stdError = double.IsFinite(stdError) ? stdError : (double?)null,
            }));
        }
        else
        {
            var error = double.IsFinite(stdError) ? string.Create(CultureInfo.InvariantCulture, $" ± {stdError:0.00}") : "";
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{path} on {taskName}: mean return {mean:0.00}{error} (std. error) over {episodes} {mode} episodes of {episodeLength} steps, seed {seed}"));
        }
        return Task.FromResult(0);
    }
}
