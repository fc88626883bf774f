using System.Diagnostics;
using EvoPo.Messages.Work;
using EvoPo.Simulation.Evaluation;
using EvoPo.Simulation.Normalization;
using EvoPo.Simulation.Policies;
using EvoPo.Simulation.Tasks;

namespace EvoPo.GpuWorker.Node;

/// <summary>
/// A pretraining unit (<see cref="WorkUnit.Rollout"/>): rolls its candidate policies out together on the plan's
/// evaluation episodes (common random numbers) and returns, per candidate, mean return − alive shift × mean episode
/// length, and when asked its observation statistics. No training. A candidate's result depends only on its own
/// parameters and the plan, never on which candidates share its unit, so any cut into units gives the same numbers.
/// </summary>
public static class PolicyUnit
{
    /// <param name="template">The plan's initial agent: shape, std floor and distribution of every candidate policy.</param>
    public static UnitResult Run(WorkUnit unit, Agent template, string worker)
    {
        var rollout = unit.Rollout ?? throw new ArgumentException($"unit {unit.Id} is not a pretraining unit (it has no rollout)", nameof(unit));
        var plan = unit.Plan;
        var normalizer = Normalizer(rollout);
        if (normalizer is not null && normalizer.Dimension != template.Shape.ObsDim)
            throw new ArgumentException($"unit {unit.Id}: observation normalization of {normalizer.Dimension} dimensions for a policy observing {template.Shape.ObsDim}");
        var clock = Stopwatch.StartNew();
        var fitness = new double[unit.Candidates.Length];
        Array.Fill(fitness, double.NaN);
        var moments = rollout.RecordObservations ? new ObservationMoments[unit.Candidates.Length] : null;
        var policies = new List<GaussianMlp>();
        var healthy = new List<int>();
        for (var i = 0; i < unit.Candidates.Length; i++)
        {
            var candidate = unit.Candidates[i];
            if (candidate.Objective.Name != PolicyRollout.ObjectiveName || candidate.Objective.Parameters is not { } parameters)
                throw new ArgumentException($"unit {unit.Id}: candidate {candidate.Index} is not a policy (objective '{candidate.Objective.Name}')");
            if (parameters.Length != template.Shape.ParameterCount)
                throw new ArgumentException($"unit {unit.Id}: candidate {candidate.Index} has {parameters.Length} parameters, shape {template.Shape} needs {template.Shape.ParameterCount}");
            var weights = Array.ConvertAll(parameters, p => (float)p);
            moments?[i] = new ObservationMoments(0, new double[template.Shape.ObsDim], new double[template.Shape.ObsDim]);
            if (!weights.All(float.IsFinite)) continue;
            policies.Add(new GaussianMlp(template.Shape, template.StdMin, weights, template.Distribution, normalizer));
            healthy.Add(i);
        }
        if (policies.Count > 0)
        {
            var task = BuiltInTasks.Get(plan.EvaluationTask, plan.EpisodeLength);
            var statistics = rollout.RecordObservations ? policies.Select(_ => new ObservationStatistics(task.ObsDim)).ToArray() : null;
            var result = new PolicyEvaluator(task, plan.EvaluationEpisodes, plan.EvaluationSeed, plan.DeterministicEvaluation).Evaluate(policies, statistics);
            for (var j = 0; j < healthy.Count; j++)
            {
                fitness[healthy[j]] = result.MeanReturns[j] - rollout.AliveShift * result.EpisodeLengths[j].Average();
                if (statistics is not null)
                    moments![healthy[j]] = new ObservationMoments(statistics[j].Count, statistics[j].Mean.ToArray(), statistics[j].M2.ToArray());
            }
        }
        return new UnitResult(unit.Id, fitness, 0, clock.Elapsed.TotalSeconds, worker, moments);
    }

    private static ObservationNormalizer? Normalizer(PolicyRollout rollout) =>
        rollout.ObservationMean is { } mean && rollout.ObservationStd is { } std ? new ObservationNormalizer(mean, std) : null;
}
