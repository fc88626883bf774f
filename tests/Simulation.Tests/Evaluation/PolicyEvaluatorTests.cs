using EvoPo.Simulation.Evaluation;
using EvoPo.Simulation.Normalization;
using EvoPo.Simulation.Policies;
using EvoPo.Simulation.Tasks;
using Xunit.Abstractions;

namespace EvoPo.Simulation.Tests.Evaluation;

public class PolicyEvaluatorTests(ITestOutputHelper output)
{
    private static readonly PolicyShape Shape = new(9, [32, 32], 4);

    private static GaussianMlp Random(ulong seed) => new(Shape, 0.05, GaussianMlp.InitParameters(Shape, seed, logStdInit: -0.5f, outputScale: 1.0));

    /// <summary>A [32, 32] MLP wired by hand to push with the legs in <paramref name="legs"/> while they are in stance.</summary>
    internal static GaussianMlp Gait(int legs)
    {
        var p = new float[Shape.ParameterCount];
        for (var leg = 0; leg < legs; leg++)
        {
            p[Shape.WeightOffset(0) + (5 + leg) * 32 + leg] = 20f; // h1 = tanh(20·c_leg)
            p[Shape.WeightOffset(1) + leg * 32 + leg] = 2f;         // h2 = tanh(2·h1)
            p[Shape.WeightOffset(2) + leg * 4 + leg] = 3f;          // mean = 3·h2, clipped to 1 by the task
        }
        p.AsSpan(Shape.LogStdOffset).Fill(-3f);
        return new GaussianMlp(Shape, 0.05, p);
    }

    [Fact]
    public void A_policys_observation_statistics_count_its_own_steps_and_do_not_depend_on_its_batch_mates()
    {
        var task = BuiltInTasks.Get("crawler-3leg", 20);
        ObservationStatistics[] alone = [new(task.ObsDim)];
        ObservationStatistics[] together = [new(task.ObsDim), new(task.ObsDim)];
        var single = new PolicyEvaluator(task, 3, evalSeed: 5).Evaluate([Random(1)], alone);
        var pair = new PolicyEvaluator(task, 3, evalSeed: 5).Evaluate([Random(2), Random(1)], together);
        Assert.Equal(single.EpisodeLengths[0].Sum(), alone[0].Count);
        Assert.Equal(alone[0].Mean.ToArray(), together[1].Mean.ToArray());
        Assert.Equal(alone[0].M2.ToArray(), together[1].M2.ToArray());
        Assert.Equal(single.MeanReturns[0], pair.MeanReturns[1]);
    }

    [Fact]
    public void Evaluation_is_deterministic()
    {
        var task = BuiltInTasks.Get("crawler-3leg");
        GaussianMlp[] policies = [Random(1), Random(2), Random(3)];
        var a = new PolicyEvaluator(task, 6, evalSeed: 42).Evaluate(policies);
        var b = new PolicyEvaluator(task, 6, evalSeed: 42).Evaluate(policies);
        Assert.Equal(a.MeanReturns, b.MeanReturns);
        Assert.Equal(a.EpisodeReturns, b.EpisodeReturns);
        var c = new PolicyEvaluator(task, 6, evalSeed: 43).Evaluate(policies);
        Assert.NotEqual(a.MeanReturns, c.MeanReturns);
    }

    [Fact]
    public void A_policy_scores_the_same_whatever_else_is_in_the_batch()
    {
        var task = BuiltInTasks.Get("crawler");
        var alone = new PolicyEvaluator(task, 5, 7).Evaluate([Random(2)]);
        var withOthers = new PolicyEvaluator(task, 5, 7).Evaluate([Random(9), Random(2), Random(4)]);
        Assert.Equal(alone.EpisodeReturns[0], withOthers.EpisodeReturns[1]);
    }

    [Fact]
    public void Episodes_use_common_random_numbers_across_policies()
    {
        // Two copies of one policy must see identical start states and action noise, episode by episode,
        // while different episodes of the same policy differ.
        var task = BuiltInTasks.Get("crawler");
        var result = new PolicyEvaluator(task, 8, 11).Evaluate([Random(5), Random(5)]);
        Assert.Equal(result.EpisodeReturns[0], result.EpisodeReturns[1]);
        Assert.True(result.EpisodeReturns[0].Distinct().Count() > 1);
    }

    [Fact]
    public void Deterministic_mode_ignores_the_action_noise()
    {
        var task = BuiltInTasks.Get("crawler");
        var narrow = new GaussianMlp(Shape, 0.05, Random(3).Parameters);
        var widerParams = Random(3).Parameters.ToArray();
        widerParams.AsSpan(Shape.LogStdOffset).Fill(1f);
        var wide = new GaussianMlp(Shape, 0.05, widerParams);
        var result = new PolicyEvaluator(task, 4, 1, deterministic: true).Evaluate([narrow, wide]);
        Assert.Equal(result.EpisodeReturns[0], result.EpisodeReturns[1]);
    }

    [Fact]
    public void A_hidden_32_32_mlp_expresses_both_gaits_and_the_task_gap_holds_for_it()
    {
        var baseTask = new PolicyEvaluator(BuiltInTasks.Get("crawler"), 16, 3).Evaluate([Gait(4), Gait(3)]);
        var target = new PolicyEvaluator(BuiltInTasks.Get("crawler-3leg"), 16, 3).Evaluate([Gait(4), Gait(3)]);
        output.WriteLine($"crawler: four {baseTask.MeanReturns[0]:F1}, three {baseTask.MeanReturns[1]:F1}; " +
                         $"crawler-3leg: four {target.MeanReturns[0]:F1}, three {target.MeanReturns[1]:F1}");
        var scale = target.MeanReturns[1];
        Assert.True(baseTask.MeanReturns[0] > baseTask.MeanReturns[1] + 0.2 * scale);
        Assert.True(target.MeanReturns[1] > target.MeanReturns[0] + 0.2 * scale);
    }
}
