using EvoPo.Simulation.Evaluation;
using EvoPo.Simulation.Policies;
using EvoPo.Simulation.Random;
using EvoPo.Simulation.Tasks;

namespace EvoPo.Simulation.Tests.Evaluation;

public class RolloutEngineTests
{
    private static readonly PolicyShape Shape = new(9, [16, 8], 4);

    private static GaussianMlp[] Policies(int k) =>
        [.. Enumerable.Range(0, k).Select(s => new GaussianMlp(Shape, 0.05, GaussianMlp.InitParameters(Shape, (ulong)(10 + s), outputScale: 1.0)))];

    [Fact]
    public void K_agents_times_E_episodes_step_together_with_one_batched_forward_per_step()
    {
        const int k = 4, episodes = 6;
        var task = BuiltInTasks.Get(BuiltInTasks.Crawler3Leg, episodeLength: 30);
        var engine = new RolloutEngine(task, k * episodes);
        var offsets = Enumerable.Range(0, k + 1).Select(i => i * episodes).ToArray();
        var starts = Enumerable.Range(0, k * episodes).Select(i => PolicyEvaluator.StartSeed(5, i % episodes)).ToArray();
        var noise = Enumerable.Range(0, k * episodes).Select(i => PolicyEvaluator.NoiseKey(5, i % episodes)).ToArray();
        var returns = new double[k * episodes];
        var lengths = new int[k * episodes];

        engine.Run(Policies(k), offsets, starts, noise, stochastic: true, returns, lengths);

        Assert.Equal(lengths.Max(), engine.LastRunSteps);
        Assert.Equal(engine.LastRunSteps, engine.LastRunForwards); // not k forwards per step, not k·E
    }

    [Fact]
    public void A_batched_forward_equals_each_policy_forward_on_its_own_rows()
    {
        var policies = Policies(3);
        int[] offsets = [0, 5, 5, 12]; // an empty group too
        var obs = new float[12 * 9];
        var rng = CounterRng.Create(4).Stream();
        for (var i = 0; i < obs.Length; i++) obs[i] = (float)rng.NextGaussian();
        var batched = new float[12 * 4];
        new PolicyBatch(policies).Mean(obs, offsets, batched);
        for (var g = 0; g < 3; g++)
        {
            var n = offsets[g + 1] - offsets[g];
            var alone = new float[n * 4];
            policies[g].Mean(obs.AsSpan(offsets[g] * 9, n * 9), n, alone);
            Assert.Equal(alone, batched.AsSpan(offsets[g] * 4, n * 4).ToArray());
        }
    }
}
