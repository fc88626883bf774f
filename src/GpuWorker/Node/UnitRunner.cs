using System.Collections.Concurrent;
using System.Diagnostics;
using Akka.Actor;
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
/// which the ES ranks last. At most <c>capacity</c> units run at once per node (default 1: the device is
/// the bottleneck, and two units sharing it only make both slower); each running unit has its own trainer.
/// </summary>
/// <param name="testDelay">A pause before each training unit (NodeOptions.TestUnitDelay: tests only; zero in production).</param>
public sealed class UnitRunner(LocalArtifactStore artifacts, ArtifactFetcher? fetcher, string device, string workerName, int capacity = 1,
    TimeSpan testDelay = default)
    : IUnitRunner, IDisposable
{
    private readonly SemaphoreSlim _deviceLock = new(capacity, capacity);
    private readonly ConcurrentBag<CachedTrainer> _idleTrainers = [];

    public async Task<UnitResult> RunAsync(WorkUnit unit, Address artifactSource, CancellationToken cancellation)
    {
        if (unit.Rollout is not null) return await RolloutAsync(unit, artifactSource, cancellation);
        if (unit.DatasetChunk is { } chunk) return await DatasetChunkAsync(unit, chunk, artifactSource, cancellation);
        if (fetcher is not null)
        {
            // Outside the device lock: a download should not hold up a unit whose files are already here.
            var dataset = await fetcher.LocalAsync(unit.Plan.Dataset, ".evopods", artifactSource, cancellation);
            var agent = await fetcher.LocalAsync(unit.Plan.InitialAgent, ".agent.json", artifactSource, cancellation);
            unit = unit with { Plan = unit.Plan with { Dataset = dataset, InitialAgent = agent } };
        }
        if (testDelay > TimeSpan.Zero) await Task.Delay(testDelay, cancellation);
        return await InSlotAsync(() => Run(unit, cancellation), cancellation);
    }

    /// <summary>A pretraining unit: its policies are only rolled out (<see cref="PolicyUnit"/>), on the CPU, one slot of the node's capacity.</summary>
    private async Task<UnitResult> RolloutAsync(WorkUnit unit, Address artifactSource, CancellationToken cancellation)
    {
        if (fetcher is not null)
            unit = unit with { Plan = unit.Plan with { InitialAgent = await fetcher.LocalAsync(unit.Plan.InitialAgent, ".agent.json", artifactSource, cancellation) } };
        return await InSlotAsync(() => PolicyUnit.Run(unit, artifacts.Agent(unit.Plan.InitialAgent), workerName), cancellation);
    }

    /// <summary>A dataset unit: its pairs rolled out with the two agents (<see cref="DatasetChunkUnit"/>), on the CPU, one slot of the node's capacity.</summary>
    private async Task<UnitResult> DatasetChunkAsync(WorkUnit unit, DatasetChunkWork work, Address artifactSource, CancellationToken cancellation)
    {
        var (original, target) = (work.Original, work.Target);
        if (fetcher is not null)
        {
            original = await fetcher.LocalAsync(original, ".agent.json", artifactSource, cancellation);
            target = await fetcher.LocalAsync(target, ".agent.json", artifactSource, cancellation);
        }
        return await InSlotAsync(() => DatasetChunkUnit.Run(unit, artifacts.Agent(original), artifacts.Agent(target), workerName), cancellation);
    }

    /// <summary>
    /// Runs the unit's work in one of the node's <c>capacity</c> slots, on a thread of its own: training and rollouts are
    /// CPU/GPU-bound for seconds to minutes and must stay off the actor dispatcher threads.
    /// </summary>
    private async Task<UnitResult> InSlotAsync(Func<UnitResult> work, CancellationToken cancellation)
    {
        await _deviceLock.WaitAsync(cancellation);
        try
        {
            return await Task.Factory.StartNew(work, cancellation, TaskCreationOptions.LongRunning, TaskScheduler.Default);
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
        IReadOnlyList<AgentTrainingResult> trained;
        try
        {
            trained = trainer.Trainer.Train(agent.Parameters, unit.Candidates.Select(TrainingAdapters.Agent).ToArray(), cancellation);
        }
        finally
        {
            _idleTrainers.Add(trainer);
        }
        var trainSeconds = clock.Elapsed.TotalSeconds;

        clock.Restart();
        var fitness = Evaluate(plan, agent, trained);
        return new UnitResult(unit.Id, fitness, trainSeconds, clock.Elapsed.TotalSeconds, workerName);
    }

    public void Dispose()
    {
        while (_idleTrainers.TryTake(out var idle)) idle.Trainer.Dispose();
        _deviceLock.Dispose();
    }

    /// <summary>
    /// Fitness as the search measures it: the mean true return of each trained agent over the plan's evaluation episodes
    /// (common random numbers for all), NaN for an agent whose training failed or whose parameters are not finite.
    /// </summary>
    public static double[] Evaluate(TrainingPlan plan, Agent start, IReadOnlyList<AgentTrainingResult> trained)
    {
        var fitness = new double[trained.Count];
        Array.Fill(fitness, double.NaN);
        var healthy = Enumerable.Range(0, trained.Count)
            .Where(i => !trained[i].Failed && trained[i].Parameters.All(float.IsFinite))
            .ToArray();
        if (healthy.Length == 0) return fitness;

        var task = BuiltInTasks.Get(plan.EvaluationTask, plan.EpisodeLength);
        var evaluator = new PolicyEvaluator(task, plan.EvaluationEpisodes, plan.EvaluationSeed, plan.DeterministicEvaluation);
        var policies = healthy.Select(i => start.CreatePolicy(trained[i].Parameters)).ToArray();
        var returns = evaluator.Evaluate(policies).MeanReturns;
        for (var j = 0; j < healthy.Length; j++) fitness[healthy[j]] = returns[j];
        return fitness;
    }

    /// <summary>All units of a run share dataset, agent and settings: reuse an idle trainer (and its device copy of the data).</summary>
    private CachedTrainer Trainer(TrainingPlan plan, Agent agent)
    {
        var key = plan with { EvaluationTask = "", EvaluationEpisodes = 0, EvaluationSeed = 0, EpisodeLength = 0, DeterministicEvaluation = false };
        var stale = new List<CachedTrainer>();
        CachedTrainer? found = null;
        while (found is null && _idleTrainers.TryTake(out var idle))
        {
            if (idle.Key == key) found = idle;
            else stale.Add(idle);
        }
        foreach (var old in stale) old.Trainer.Dispose();
        if (found is not null) return found;
        var dataset = artifacts.Dataset(plan.Dataset);
        return new CachedTrainer(key, new PopulationTrainer(TrainingAdapters.Policy(agent), TrainingAdapters.Pairs(dataset, agent.Normalizer), TrainingAdapters.Settings(plan, device)));
    }

    private sealed record CachedTrainer(TrainingPlan Key, PopulationTrainer Trainer);
}
