using System.Diagnostics;
using EvoPo.GpuWorker.Artifacts;
using EvoPo.GpuWorker.Training;
using EvoPo.Messages.Work;
using EvoPo.Simulation.Evaluation;
using EvoPo.Simulation.Policies;
using EvoPo.Simulation.Tasks;

namespace EvoPo.GpuWorker.Node;

/// <summary>
/// Trains the K candidates of a unit together (one <see cref="PopulationTrainer"/> batch), rolls the trained
/// agents out together and returns their mean true returns. A candidate whose training diverged gets NaN,
/// which the ES ranks last. Units run one at a time per node: the device is the bottleneck, and two units
/// sharing it would only make both slower.
/// </summary>
public sealed class UnitRunner(LocalArtifactStore artifacts, string device, string workerName) : IUnitRunner, IDisposable
{
    private readonly SemaphoreSlim _deviceLock = new(1, 1);
    private CachedTrainer? _trainer;

    public async Task<UnitResult> RunAsync(WorkUnit unit, CancellationToken cancellation)
    {
        await _deviceLock.WaitAsync(cancellation);
        try
        {
            // Training is CPU/GPU-bound for seconds to minutes; keep it off the actor dispatcher threads.
            return await Task.Factory.StartNew(() => Run(unit, cancellation), cancellation,
                TaskCreationOptions.LongRunning, TaskScheduler.Default);
        }
        finally
        {
            _deviceLock.Release();
        }
    }

    public UnitResult Run(WorkUnit unit, CancellationToken cancellation)
    {
        var plan = unit.Plan;
        var agent = artifacts.Agent(plan.InitialAgent);
        var trainer = Trainer(plan, agent);

        var clock = Stopwatch.StartNew();
        var trained = trainer.Train(agent.Parameters, unit.Candidates.Select(TrainingAdapters.Agent).ToArray(), cancellation);
        var trainSeconds = clock.Elapsed.TotalSeconds;

        clock.Restart();
        var fitness = Evaluate(plan, agent, trained);
        return new UnitResult(unit.Id, fitness, trainSeconds, clock.Elapsed.TotalSeconds, workerName);
    }

    public void Dispose()
    {
        _trainer?.Trainer.Dispose();
        _deviceLock.Dispose();
    }

    private static double[] Evaluate(TrainingPlan plan, Agent start, IReadOnlyList<AgentTrainingResult> trained)
    {
        var fitness = new double[trained.Count];
        Array.Fill(fitness, double.NaN);
        var healthy = Enumerable.Range(0, trained.Count)
            .Where(i => !trained[i].Failed && trained[i].Parameters.All(float.IsFinite))
            .ToArray();
        if (healthy.Length == 0) return fitness;

        var task = BuiltInTasks.Get(plan.EvaluationTask, plan.EpisodeLength);
        var evaluator = new PolicyEvaluator(task, plan.EvaluationEpisodes, plan.EvaluationSeed, plan.DeterministicEvaluation);
        var policies = healthy.Select(i => new GaussianMlp(start.Shape, start.StdMin, trained[i].Parameters)).ToArray();
        var returns = evaluator.Evaluate(policies).MeanReturns;
        for (var j = 0; j < healthy.Length; j++) fitness[healthy[j]] = returns[j];
        return fitness;
    }

    /// <summary>All units of a run share dataset, agent and settings: keep the trainer (and its device copy of the data).</summary>
    private PopulationTrainer Trainer(TrainingPlan plan, Agent agent)
    {
        var key = plan with { EvaluationTask = "", EvaluationEpisodes = 0, EvaluationSeed = 0, EpisodeLength = 0, DeterministicEvaluation = false };
        if (_trainer is { } cached && cached.Key == key) return cached.Trainer;
        _trainer?.Trainer.Dispose();
        var dataset = artifacts.Dataset(plan.Dataset);
        var trainer = new PopulationTrainer(TrainingAdapters.Policy(agent), TrainingAdapters.Pairs(dataset), TrainingAdapters.Settings(plan, device));
        _trainer = new CachedTrainer(key, trainer);
        return trainer;
    }

    private sealed record CachedTrainer(TrainingPlan Key, PopulationTrainer Trainer);
}
