using EvoPo.GpuWorker.Node;
using EvoPo.Messages.Work;
using EvoPo.Simulation.Evaluation;
using EvoPo.Simulation.Normalization;
using EvoPo.Simulation.Policies;
using EvoPo.Simulation.Tasks;

namespace EvoPo.GpuWorker.Tests.Node;

public sealed class PolicyUnitTests
{
    private static readonly PolicyShape Shape = new(9, [8], 4);
    private static readonly Agent Template = new("crawler", Shape, 0.05, new float[Shape.ParameterCount], null, PolicyDistribution.TanhGaussian);
    private static readonly TrainingPlan Plan = new(new ArtifactRef("", ""), new ArtifactRef(Template.ContentHash, ""), 0, 0, 0, 0, 0,
        "crawler", 15, 2, 11, false);

    private static double[] Parameters(ulong seed) => Array.ConvertAll(GaussianMlp.InitParameters(Shape, seed, outputScale: 1), p => (double)p);

    private static WorkUnit Unit(PolicyRollout rollout, params double[][] policies) => new(new UnitId("r", 0, 0), Plan,
        [.. policies.Select((p, i) => new Candidate(i, new CandidateObjective(PolicyRollout.ObjectiveName, new Dictionary<string, double>(), p), 0))], rollout);

    [Fact]
    public void Fitness_is_the_mean_return_less_the_alive_shift_per_step_and_does_not_depend_on_the_units_other_policies()
    {
        var result = PolicyUnit.Run(Unit(new PolicyRollout(0.5, null, null, false), Parameters(1), Parameters(2)), Template, "w");
        var alone = PolicyUnit.Run(Unit(new PolicyRollout(0.5, null, null, false), Parameters(2)), Template, "w");
        var evaluated = new PolicyEvaluator(BuiltInTasks.Get("crawler", 15), 2, 11).Evaluate([Template.CreatePolicy(Array.ConvertAll(Parameters(1), p => (float)p))]);
        Assert.Equal(evaluated.MeanReturns[0] - 0.5 * evaluated.EpisodeLengths[0].Average(), result.Fitness[0]);
        Assert.Equal(alone.Fitness[0], result.Fitness[1]);
        Assert.Null(result.Observations);
        Assert.Equal(0, result.TrainSeconds);
    }

    [Fact]
    public void Recorded_observations_are_each_candidates_own_and_a_normalizer_changes_what_the_policy_does()
    {
        var normalizer = new ObservationStatistics(9);
        normalizer.Add([1f, 2f, 3f, 4f, 5f, 6f, 7f, 8f, 9f]);
        normalizer.Add([0f, 1f, 0f, 1f, 0f, 1f, 0f, 1f, 0f]);
        var frozen = normalizer.ToNormalizer();
        var plain = PolicyUnit.Run(Unit(new PolicyRollout(0, null, null, true), Parameters(3), Parameters(4)), Template, "w");
        var normalized = PolicyUnit.Run(Unit(new PolicyRollout(0, frozen.Mean.ToArray(), frozen.Std.ToArray(), true), Parameters(3)), Template, "w");
        Assert.Equal(2 * 15, plain.Observations![0].Count);
        Assert.NotEqual(plain.Observations[0].Mean, plain.Observations[1].Mean);
        Assert.NotEqual(plain.Fitness[0], normalized.Fitness[0]);
        var expected = new PolicyEvaluator(BuiltInTasks.Get("crawler", 15), 2, 11)
            .Evaluate([new GaussianMlp(Shape, 0.05, Array.ConvertAll(Parameters(3), p => (float)p), PolicyDistribution.TanhGaussian, frozen)]);
        Assert.Equal(expected.MeanReturns[0], normalized.Fitness[0]);
    }

    [Fact]
    public void A_non_finite_policy_scores_nan_and_a_non_policy_candidate_is_refused_by_name()
    {
        var broken = Parameters(5);
        broken[0] = double.NaN;
        var result = PolicyUnit.Run(Unit(new PolicyRollout(0, null, null, true), broken, Parameters(6)), Template, "w");
        Assert.True(double.IsNaN(result.Fitness[0]));
        Assert.Equal(0, result.Observations![0].Count);
        Assert.True(double.IsFinite(result.Fitness[1]));

        var dpo = Unit(new PolicyRollout(0, null, null, false), Parameters(1)) is var u
            ? u with { Candidates = [new Candidate(0, new CandidateObjective("dpo", new Dictionary<string, double>(), null), 0)] }
            : null;
        Assert.Contains("is not a policy (objective 'dpo')", Assert.Throws<ArgumentException>(() => PolicyUnit.Run(dpo!, Template, "w")).Message);
    }
}
