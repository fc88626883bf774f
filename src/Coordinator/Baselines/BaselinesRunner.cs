using System.Diagnostics;
using System.Globalization;
using EvoPo.Coordinator.Config;
using EvoPo.Coordinator.Runs;
using EvoPo.Coordinator.Search;
using EvoPo.GpuWorker.Node;
using EvoPo.GpuWorker.Objectives;
using EvoPo.GpuWorker.Training;
using EvoPo.Messages.Work;
using EvoPo.Simulation.Datasets;
using EvoPo.Simulation.Evaluation;
using EvoPo.Simulation.Random;
using EvoPo.Simulation.Tasks;
using SimVariant = EvoPo.Simulation.Datasets.DatasetVariant;

namespace EvoPo.Coordinator.Baselines;

/// <summary>
/// Trains every method of <c>baselines.methods</c> with <c>baselines.seeds</c> training seeds on each dataset variant
/// (<see cref="BaselineColumn"/>) and measures each agent exactly as a search measures its candidates: the same start
/// agent, dataset construction, inner loop (<see cref="PopulationTrainer"/>, all methods × seeds of a variant in one
/// batch) and evaluation (<see cref="UnitRunner.Evaluate"/>). Seed s is the search report's seed s
/// (run seed, <see cref="SearchPlan.ReportStream"/>, s), the same for every method and variant.
/// </summary>
/// <param name="advanced">Told (label, columns done, columns in all) as the work goes, e.g. for a terminal status line.</param>
public sealed class BaselinesRunner(SearchConfig config, string configPath, TextWriter progress, string device = "cpu",
    Action<string, double, double>? advanced = null)
{
    public BaselinesOutcome Run(CancellationToken cancellation)
    {
        var clock = Stopwatch.StartNew();
        var original = SearchSession.ReadAgent(config.Agents.Original, "agents.original", configPath);
        var target = SearchSession.ReadAgent(config.Agents.Target, "agents.target", configPath);
        var start = config.Agents.Start == StartAgent.Original ? original : target;
        var task = BuiltInTasks.Get(YamlNames.Of(config.Task.Name), config.Task.EpisodeLength);
        if (start.Shape.ObsDim != task.ObsDim || start.Shape.ActDim != task.ActDim)
            throw new ConfigException("agents", $"the start agent ({start.Shape}) does not fit task {task.Name} (obs {task.ObsDim}, act {task.ActDim})");

        var methods = config.Baselines.Methods.Select(YamlNames.Of).ToArray();
        var seeds = Enumerable.Range(0, config.Baselines.Seeds)
            .Select(s => CounterRng.Create(config.Run.Seed, SearchPlan.ReportStream, (ulong)s).UInt64At(0)).ToArray();
        var agents = methods.SelectMany(m => seeds.Select(seed => new AgentTrainingSpec(ObjectiveSpec.Default(m), seed))).ToArray();
        var columns = BaselineColumn.Of(config.Baselines);

        var results = new List<BaselineResult>();
        var timings = new List<(BaselineColumn Column, double TrainSeconds, double EvalSeconds)>();
        for (var c = 0; c < columns.Count; c++)
        {
            cancellation.ThrowIfCancellationRequested();
            var column = columns[c];
            var spec = new DatasetSpec(config.Dataset.Pairs, (SimVariant)(int)column.Variant, column.Noise, config.Dataset.Temperature, config.Dataset.Seed);
            var dataset = DatasetBuilder.Build(task, original, target, spec);
            var plan = SearchPlan.CreateTrainingPlan(config, new ArtifactRef(dataset.ContentHash, ""), new ArtifactRef(start.ContentHash, ""));
            progress.WriteLine($"[{c + 1}/{columns.Count}] {column.Label}: {dataset.Pairs} pairs; training {agents.Length} agents ({methods.Length} methods × {seeds.Length} seeds)...");
            advanced?.Invoke($"variant {c + 1}/{columns.Count} ({column.Label})", c, columns.Count);

            var phase = Stopwatch.StartNew();
            IReadOnlyList<AgentTrainingResult> trained;
            using (var trainer = new PopulationTrainer(TrainingAdapters.Policy(start), TrainingAdapters.Pairs(dataset, start.Normalizer), TrainingAdapters.Settings(plan, device)))
                trained = trainer.Train(start.Parameters, agents, cancellation);
            var trainSeconds = phase.Elapsed.TotalSeconds;
            phase.Restart();
            cancellation.ThrowIfCancellationRequested();
            var fitness = UnitRunner.Evaluate(plan, start, trained);
            var evalSeconds = phase.Elapsed.TotalSeconds;
            timings.Add((column, trainSeconds, evalSeconds));

            for (var m = 0; m < methods.Length; m++)
                results.Add(new BaselineResult(methods[m], column, fitness.Skip(m * seeds.Length).Take(seeds.Length).ToArray()));
            progress.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"      trained in {trainSeconds:F1} s, evaluated in {evalSeconds:F1} s; best {Best(results, column)}"));
            advanced?.Invoke($"variant {c + 1}/{columns.Count} done", c + 1, columns.Count);
        }

        var evaluator = new PolicyEvaluator(task, config.Evaluation.Episodes, config.Evaluation.Seed, config.Evaluation.Deterministic);
        var references = new[] { ("start agent, untrained", start), ("target agent", target) }
            .Select(r => (r.Item1, evaluator.Evaluate([r.Item2]).MeanReturns[0])).ToArray();
        return new BaselinesOutcome(config, methods, columns, results, references, timings, clock.Elapsed.TotalSeconds);
    }

    private static string Best(List<BaselineResult> results, BaselineColumn column)
    {
        var best = results.Where(r => r.Column == column && double.IsFinite(r.Mean)).MaxBy(r => r.Mean);
        return best is null ? "none finished" : string.Create(CultureInfo.InvariantCulture, $"{best.Method} {best.Mean:F2}");
    }
}
