using EvoPo.Simulation.Random;
using EvoPo.Simulation.Tasks;
using EvoPo.Simulation.Tasks.Mujoco;

namespace EvoPo.Simulation.Tests.Mujoco;

public sealed class MujocoEnvironmentTests
{
    private const int ShortEpisode = 40;

    private static MujocoEnvironment Create(string task, int count, int threads, int episodeLength = ShortEpisode) =>
        new(count, MujocoTasks.Config(task, episodeLength) with { Threads = threads });

    private static ulong[] Seeds(int count, ulong offset = 0) => [.. Enumerable.Range(0, count).Select(i => 1000 + offset + (ulong)i)];

    /// <summary>Deterministic actions in [-1.2, 1.2] (some clipped) for step t, row i.</summary>
    private static void Actions(int t, int count, int actDim, Span<float> actions, int rowOffset = 0)
    {
        for (var i = 0; i < count; i++)
        {
            var rng = CounterRng.Create(7, (ulong)(i + rowOffset), (ulong)t);
            for (var d = 0; d < actDim; d++) actions[i * actDim + d] = (float)(2.4 * rng.UniformAt((ulong)d) - 1.2);
        }
    }

    /// <summary>Runs a batch to the end of the episode; returns every step's observations, rewards and done flags.</summary>
    private static (List<float[]> Obs, List<double[]> Rewards, List<bool[]> Done) Run(MujocoEnvironment env, ulong[] seeds, int rowOffset = 0)
    {
        var obs = new List<float[]>();
        var rewards = new List<double[]>();
        var done = new List<bool[]>();
        env.Reset(seeds);
        var actions = new float[env.Count * env.ActDim];
        for (var t = 0; t < env.EpisodeLength; t++)
        {
            Actions(t, env.Count, env.ActDim, actions, rowOffset);
            var r = new double[env.Count];
            var d = new bool[env.Count];
            env.Step(actions, r, d);
            obs.Add(env.Observations.ToArray());
            rewards.Add(r);
            done.Add(d);
        }
        return (obs, rewards, done);
    }

    [Theory]
    [InlineData(MujocoTasks.Hopper)]
    [InlineData(MujocoTasks.Tla)]
    public void Same_results_for_one_and_two_threads(string task)
    {
        using var one = Create(task, 12, threads: 1);
        using var two = Create(task, 12, threads: 2);
        var a = Run(one, Seeds(12));
        var b = Run(two, Seeds(12));
        for (var t = 0; t < ShortEpisode; t++)
        {
            Assert.Equal(a.Obs[t], b.Obs[t]);
            Assert.Equal(a.Rewards[t], b.Rewards[t]);
            Assert.Equal(a.Done[t], b.Done[t]);
        }
    }

    [Theory]
    [InlineData(MujocoTasks.Hopper)]
    [InlineData(MujocoTasks.Ant)]
    public void A_batch_equals_its_environments_run_alone(string task)
    {
        const int count = 3;
        using var batch = Create(task, count, threads: 2);
        var all = Run(batch, Seeds(count));
        for (var i = 0; i < count; i++)
        {
            using var single = Create(task, 1, threads: 1);
            var alone = Run(single, Seeds(1, (ulong)i), rowOffset: i);
            var obsDim = single.ObsDim;
            for (var t = 0; t < ShortEpisode; t++)
            {
                Assert.Equal(all.Obs[t].AsSpan(i * obsDim, obsDim).ToArray(), alone.Obs[t]);
                Assert.Equal(all.Rewards[t][i], alone.Rewards[t][0]);
                Assert.Equal(all.Done[t][i], alone.Done[t][0]);
            }
        }
    }

    [Fact]
    public void Different_seeds_give_different_start_states_near_the_model_pose()
    {
        using var env = Create(MujocoTasks.Ant, 2, threads: 1);
        env.Reset([1, 2]);
        Assert.NotEqual(env.Observations[..27].ToArray(), env.Observations[27..].ToArray());
        Assert.InRange(env.Qpos[2], 0.65, 0.85); // z = 0.75 ± 0.1
    }

    [Fact]
    public void Hopper_that_starts_too_low_terminates_and_stays_frozen()
    {
        using var env = Create(MujocoTasks.Hopper, 2, threads: 1);
        env.Reset([1, 2]);
        env.SetState(0, [0, 0.5, 0, 0, 0, 0], new double[6]); // z = 0.5 < 0.7: unhealthy
        var rewards = new double[2];
        var done = new bool[2];
        env.Step(new float[6], rewards, done);
        Assert.True(done[0]);
        Assert.False(done[1]);
        env.Step(new float[6], rewards, done);
        Assert.True(done[0]);
        Assert.Equal(0, rewards[0]);
    }

    [Fact]
    public void Ant_above_the_healthy_range_terminates_and_episodes_end_at_the_length()
    {
        using var env = Create(MujocoTasks.Ant, 2, threads: 1, episodeLength: 3);
        env.Reset([1, 2]);
        var high = env.Qpos[..15].ToArray();
        high[2] = 1.6; // z > 1.0: unhealthy
        env.SetState(0, high, new double[14]);
        var rewards = new double[2];
        var done = new bool[2];
        env.Step(new float[16], rewards, done);
        Assert.Equal([true, false], done);
        env.Step(new float[16], rewards, done);
        Assert.False(done[1]);
        env.Step(new float[16], rewards, done);
        Assert.True(done[1]);
    }

    [Fact]
    public void Hopper_reward_is_forward_velocity_plus_healthy_bonus_minus_control_cost()
    {
        using var env = Create(MujocoTasks.Hopper, 1, threads: 1);
        env.SetState(0, [0, 1.25, 0, 0, 0, 0], [1.0, 0, 0, 0, 0, 0]); // sliding forward at 1 m/s
        var rewards = new double[1];
        var done = new bool[1];
        env.Step([0.5f, -2f, 0f], rewards, done); // -2 is clipped to -1
        var x = env.Qpos[0];
        var dt = 0.002 * 4;
        Assert.Equal(x / dt + 1.0 - 1e-3 * (0.25 + 1.0), rewards[0], 9);
        Assert.InRange(x / dt, 0.9, 1.1);
        Assert.False(done[0]);
    }

    [Fact]
    public void Tla_reward_is_ant_reward_minus_the_leg_four_penalty()
    {
        using var ant = Create(MujocoTasks.Ant, 1, threads: 1);
        using var tla = Create(MujocoTasks.Tla, 1, threads: 1);
        ant.Reset([5]);
        tla.Reset([5]);
        float[] action = [0.5f, -1.5f, 0.25f, 0f, 0f, 0f, -0.125f, 1f];
        var ra = new double[1];
        var rt = new double[1];
        var done = new bool[1];
        var xBefore = ant.Qpos[0];
        ant.Step(action, ra, done);
        tla.Step(action, rt, done);
        Assert.Equal(ant.Qpos.ToArray(), tla.Qpos.ToArray());
        Assert.Equal(ra[0] - MujocoTasks.TlaPenalty * (0.25 + 1.0), rt[0], 9);
        var actionSq = 0.25 + 1.0 + 0.0625 + 0.015625 + 1.0;
        Assert.Equal((ant.Qpos[0] - xBefore) / (0.01 * 5) + 1.0 - 0.5 * actionSq, ra[0], 9);
    }

    [Fact]
    public void Tasks_are_registered_by_name()
    {
        var hopper = BuiltInTasks.Get("hopper", 1000);
        var tla = BuiltInTasks.Get("tla", 10);
        Assert.Equal((11, 3, 1000), (hopper.ObsDim, hopper.ActDim, hopper.EpisodeLength));
        Assert.Equal((27, 8, 10), (tla.ObsDim, tla.ActDim, tla.EpisodeLength));
        Assert.Contains("ant", BuiltInTasks.Names);
        using var env = (MujocoEnvironment)tla.CreateBatch(2);
        Assert.Equal(27, env.ObsDim);
    }

    [Fact]
    public void A_missing_library_names_the_package_to_install()
    {
        var e = Assert.Throws<MujocoUnavailableException>(() => MujocoNative.Load("/nonexistent/libevopo_mujoco.so"));
        Assert.Contains("libmujoco-dev", e.Message);
        var notALibrary = Path.GetTempFileName();
        try
        {
            var e2 = Assert.Throws<MujocoUnavailableException>(() => MujocoNative.Load(notALibrary));
            Assert.Contains("apt-get install -y libmujoco-dev", e2.Message);
        }
        finally { File.Delete(notALibrary); }
    }
}
