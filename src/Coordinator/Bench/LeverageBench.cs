using System.Diagnostics;
using EvoPo.Coordinator.Config;
using EvoPo.Coordinator.Es;
using EvoPo.Coordinator.Runs;
using EvoPo.Coordinator.Search;
using EvoPo.GpuWorker.Analysis;
using EvoPo.GpuWorker.Node;
using EvoPo.GpuWorker.Objectives;
using EvoPo.GpuWorker.Training;
using EvoPo.Messages.Work;
using EvoPo.Simulation.Datasets;
using EvoPo.Simulation.Policies;
using EvoPo.Simulation.Tasks;
using SimVariant = EvoPo.Simulation.Datasets.DatasetVariant;

namespace EvoPo.Coordinator.Bench;

/// <summary>
/// <c>evopo bench leverage</c>: does the search move what it optimizes? On a config's own dataset, start agent and
/// inner loop, it measures
/// <list type="number">
/// <item>the inputs the MPO networks meet (<see cref="Margins"/>): per-step log p = ℓ̄ − ℓ_max of both sides, the φ⁻¹
/// margin at the zero network and the sigmoid's argument, under the start agent and after training the search start;</item>
/// <item>how much generation 0's candidates at σ0 turn the per-pair loss gradient (∂L/∂ℓ_w, ∂L/∂ℓ_l) away from the
/// search start's (Adam and clipping discard its scale, so its direction is what can change training);</item>
/// <item>the spread (std) of fitness across generation 0's candidates, all trained with the generation's shared seed
/// and evaluated on the shared episodes exactly as a search does, against the spread of the search start's fitness
/// across <c>seeds</c> training seeds (the seeds of generations 0, 1, …).</item>
/// </list>
/// Leverage is the ratio of the two spreads: below 1 the training seed moves fitness more than the objective does.
/// </summary>
public sealed class LeverageBench(SearchConfig config, string configPath, string device = "cpu")
{
    public LeverageResult Run(int seeds, TextWriter progress, CancellationToken cancellation)
    {
        var clock = Stopwatch.StartNew();
        var original = SearchSession.ReadAgent(config.Agents.Original, "agents.original", configPath);
        var target = SearchSession.ReadAgent(config.Agents.Target, "agents.target", configPath);
        var start = config.Agents.Start == StartAgent.Original ? original : target;
        var task = BuiltInTasks.Get(YamlNames.Of(config.Task.Name), config.Task.EpisodeLength);
        var spec = new DatasetSpec(config.Dataset.Pairs, (SimVariant)(int)config.Dataset.Variant, config.Dataset.Noise,
            config.Dataset.Temperature, config.Dataset.Seed);
        progress.WriteLine($"building {config.Dataset.Pairs} preference pairs ({YamlNames.Of(config.Dataset.Variant)}) on {task.Name}...");
        var dataset = DatasetBuilder.Build(task, original, target, spec);

        var training = SearchPlan.CreateTrainingPlan(config, new ArtifactRef(dataset.ContentHash, ""), new ArtifactRef(start.ContentHash, ""));
        var plan = new SearchPlan("bench-leverage", config.Run.Seed, config, training);
        var mean = StartPoint.Load(config, configPath);
        var es = Strategies.Create(config.ToEsSettings(), config.Run.Seed, mean.Length);
        var candidates = es.Ask(es.Initialize(mean));
        var policy = TrainingAdapters.Policy(start);

        using var trainer = new PopulationTrainer(policy, TrainingAdapters.Pairs(dataset, start.Normalizer), TrainingAdapters.Settings(training, device));
        var before = Margins.Of(trainer.PairLogProbs(start.Parameters), policy.LogProbMax, config.Objective.MarginScale);
        var turn = GradientTurn(plan, candidates, mean, before.Pairs, policy.LogProbMax);

        var shared = plan.GenerationTrainingSeed(0);
        var agents = candidates.Select(c => new AgentTrainingSpec(Spec(plan.Mpo(c)), shared))
            .Concat(Enumerable.Range(0, seeds).Select(s => new AgentTrainingSpec(Spec(plan.Mpo(mean)), plan.GenerationTrainingSeed(s))))
            .ToArray();
        progress.WriteLine($"training {candidates.Length} candidates (σ0 {config.Es.Sigma0}, shared seed) and the search start with {seeds} seeds...");
        var trained = trainer.Train(start.Parameters, agents, cancellation);
        cancellation.ThrowIfCancellationRequested();
        var after = Margins.Of(trainer.PairLogProbs(trained[candidates.Length].Parameters), policy.LogProbMax, config.Objective.MarginScale);
        var fitness = UnitRunner.Evaluate(training, start, trained);

        return new LeverageResult(
            fitness.Take(candidates.Length).ToArray(),
            fitness.Skip(candidates.Length).ToArray(),
            turn, before, after, clock.Elapsed.TotalSeconds);
    }

    /// <summary>Per candidate, |ĝ_c − ĝ_0| for the unit vectors ĝ of the per-pair loss gradient over all pairs (0: same direction, 2: opposite).</summary>
    public static double[] GradientTurn(SearchPlan plan, double[][] candidates, double[] mean, PairValues pairs, double logProbMax)
    {
        var reference = Unit(ObjectiveProbe.Evaluate(Spec(plan.Mpo(mean)), pairs, logProbMax));
        return candidates.Select(c =>
        {
            var g = Unit(ObjectiveProbe.Evaluate(Spec(plan.Mpo(c)), pairs, logProbMax));
            return Math.Sqrt(g.Zip(reference, (a, b) => (a - b) * (a - b)).Sum());
        }).ToArray();
    }

    private static double[] Unit(PairGradients gradients)
    {
        var g = gradients.ChosenGradient.Concat(gradients.RejectedGradient).ToArray();
        var norm = Math.Sqrt(g.Sum(x => x * x));
        return norm > 0 ? g.Select(x => x / norm).ToArray() : g;
    }

    private static ObjectiveSpec Spec(CandidateObjective objective) => TrainingAdapters.Agent(new Candidate(0, objective, 0)).Objective;
}
