using EvoPo.Simulation.Tasks;

namespace EvoPo.Simulation.Tests.Tasks;

public class CrawlerEnvironmentTests
{
    private static readonly TaskDescriptor Base = BuiltInTasks.Get("crawler");

    private static float[] Actions(int count, int t)
    {
        var a = new float[count * 4];
        for (var i = 0; i < a.Length; i++) a[i] = (float)Math.Sin(0.7 * i + 0.3 * t) * 1.3f; // some beyond the clip range
        return a;
    }

    private static (double[] Rewards, float[] Obs, bool[] Done) Run(IBatchedEnvironment env, ulong[] seeds, int steps)
    {
        env.Reset(seeds);
        var rewards = new double[env.Count * steps];
        var done = new bool[env.Count];
        for (var t = 0; t < steps; t++) env.Step(Actions(env.Count, t), rewards.AsSpan(t * env.Count, env.Count), done);
        return (rewards, env.Observations.ToArray(), done);
    }

    [Fact]
    public void Same_seeds_and_actions_give_identical_trajectories()
    {
        ulong[] seeds = [1, 2, 3, 4];
        var a = Run(Base.CreateBatch(4), seeds, 50);
        var b = Run(Base.CreateBatch(4), seeds, 50);
        Assert.Equal(a.Rewards, b.Rewards);
        Assert.Equal(a.Obs, b.Obs);
    }

    [Fact]
    public void Different_seeds_give_different_start_states()
    {
        var env = Base.CreateBatch(2);
        env.Reset([1, 2]);
        Assert.NotEqual(env.Observations[..9].ToArray(), env.Observations[9..].ToArray());
    }

    [Fact]
    public void Batched_step_equals_stepping_each_environment_alone()
    {
        ulong[] seeds = [11, 12, 13];
        var batch = Run(Base.CreateBatch(3), seeds, 40);
        for (var i = 0; i < 3; i++)
        {
            var env = Base.CreateBatch(1);
            env.Reset([seeds[i]]);
            var done = new bool[1];
            var reward = new double[1];
            for (var t = 0; t < 40; t++)
            {
                env.Step(Actions(3, t).AsSpan(i * 4, 4), reward, done);
                Assert.Equal(batch.Rewards[t * 3 + i], reward[0]);
            }
            Assert.Equal(batch.Obs.AsSpan(i * 9, 9).ToArray(), env.Observations.ToArray());
        }
    }

    [Fact]
    public void Episode_ends_at_the_configured_length()
    {
        var task = BuiltInTasks.Get("crawler", episodeLength: 7);
        var env = task.CreateBatch(2);
        env.Reset([1, 2]);
        var done = new bool[2];
        var rewards = new double[2];
        for (var t = 0; t < 6; t++)
        {
            env.Step(new float[8], rewards, done);
            Assert.False(done[0] || done[1]);
        }
        env.Step(new float[8], rewards, done);
        Assert.True(done[0] && done[1]);
    }

    [Fact]
    public void Pushing_with_one_sideways_leg_falls_early_and_then_stays_frozen()
    {
        var env = Base.CreateBatch(1);
        env.Reset([5]);
        var done = new bool[1];
        var rewards = new double[1];
        var steps = 0;
        while (!done[0] && steps < 100)
        {
            env.Step([1f, 0f, 0f, 0f], rewards, done);
            steps++;
        }
        Assert.True(done[0]);
        Assert.True(steps < 100, $"expected a fall before step 100, episode lasted {steps}");
        Assert.True(Math.Abs(env.Observations[2]) > 1.5);
        var frozen = env.Observations.ToArray();
        env.Step([1f, 0f, 0f, 0f], rewards, done);
        Assert.Equal(0.0, rewards[0]);
        Assert.True(done[0]);
        Assert.Equal(frozen, env.Observations.ToArray());
    }

    [Fact]
    public void Observations_stay_of_order_one()
    {
        var env = Base.CreateBatch(8);
        env.Reset(Enumerable.Range(0, 8).Select(i => (ulong)i).ToArray());
        var done = new bool[8];
        var rewards = new double[8];
        for (var t = 0; t < 100; t++)
        {
            env.Step(Actions(8, t), rewards, done);
            foreach (var o in env.Observations) Assert.InRange(o, -3f, 3f);
        }
    }

    [Fact]
    public void Unknown_task_name_lists_the_valid_names()
    {
        var e = Assert.Throws<ArgumentException>(() => BuiltInTasks.Get("humanoid"));
        Assert.Contains("crawler", e.Message);
        Assert.Contains("crawler-3leg", e.Message);
    }

    [Fact]
    public void Four_leg_gait_wins_on_crawler_but_loses_clearly_on_crawler_3leg()
    {
        var baseTask = BuiltInTasks.Get("crawler");
        var target = BuiltInTasks.Get("crawler-3leg");
        var fourOnBase = ScriptedControllers.MeanReturn(baseTask, ScriptedControllers.FourLegs, 64, out var l4);
        var threeOnBase = ScriptedControllers.MeanReturn(baseTask, ScriptedControllers.ThreeLegs, 64, out var l3);
        var fourOnTarget = ScriptedControllers.MeanReturn(target, ScriptedControllers.FourLegs, 64, out _);
        var threeOnTarget = ScriptedControllers.MeanReturn(target, ScriptedControllers.ThreeLegs, 64, out _);

        Assert.All(l4, l => Assert.Equal(100, l)); // neither gait falls
        Assert.All(l3, l => Assert.Equal(100, l));
        var scale = Math.Abs(threeOnTarget);
        Assert.True(fourOnBase > threeOnBase + 0.2 * scale, $"base: four {fourOnBase:F1}, three {threeOnBase:F1}");
        Assert.True(threeOnTarget > fourOnTarget + 0.2 * scale, $"target: four {fourOnTarget:F1}, three {threeOnTarget:F1}");
    }
}
