using EvoPo.Simulation.Tasks;

namespace EvoPo.Simulation.Tests.Tasks;

public class HopperLiteEnvironmentTests
{
    private static readonly TaskDescriptor Task = BuiltInTasks.Get(BuiltInTasks.HopperLite);

    [Fact]
    public void Same_seeds_and_actions_give_identical_trajectories()
    {
        var a = ScriptedControllers.MeanReturn(Task, ScriptedControllers.Balance(0.7f), 16, out var la);
        var b = ScriptedControllers.MeanReturn(Task, ScriptedControllers.Balance(0.7f), 16, out var lb);
        Assert.Equal(a, b);
        Assert.Equal(la, lb);
        var env = Task.CreateBatch(2);
        env.Reset([1, 2]);
        Assert.NotEqual(env.Observations[..3].ToArray(), env.Observations[3..].ToArray());
    }

    [Fact]
    public void Doing_nothing_falls_early_and_the_body_then_stays_frozen()
    {
        var zero = ScriptedControllers.MeanReturn(Task, (_, a) => a.Clear(), 64, out var lengths);
        Assert.All(lengths, l => Assert.InRange(l, 5, 60));
        Assert.InRange(zero, 5, 60);

        var env = Task.CreateBatch(1);
        env.Reset([3]);
        var done = new bool[1];
        var rewards = new double[1];
        while (!done[0]) env.Step([0f, 0f], rewards, done);
        Assert.True(Math.Abs(env.Observations[0]) > new HopperLiteConfig().FallAngle);
        var frozen = env.Observations.ToArray();
        env.Step([1f, 1f], rewards, done);
        Assert.Equal(0.0, rewards[0]);
        Assert.True(done[0]);
        Assert.Equal(frozen, env.Observations.ToArray());
    }

    [Fact]
    public void Balancing_survives_the_episode_and_pushing_while_balancing_scores_highest()
    {
        var random = ScriptedControllers.MeanReturn(Task, RandomActions(), 64, out _);
        var balance = ScriptedControllers.MeanReturn(Task, ScriptedControllers.Balance(0f), 64, out var lBalance);
        var expert = ScriptedControllers.MeanReturn(Task, ScriptedControllers.Balance(1f), 64, out var lExpert);
        var pushOnly = ScriptedControllers.MeanReturn(Task, (_, a) => { a[0] = 0; a[1] = 1; }, 64, out _);

        Assert.All(lBalance, l => Assert.Equal(100, l));
        Assert.All(lExpert, l => Assert.Equal(100, l));
        Assert.InRange(balance, 95, 100.01);   // alive bonus minus a small control cost
        Assert.InRange(expert, 170, 185);      // docs/tasks.md: ≈ 178
        Assert.True(random < 40, $"random {random:F1}");
        Assert.True(pushOnly < 40, $"push only {pushOnly:F1}");
    }

    [Fact]
    public void Episode_ends_at_the_configured_length()
    {
        var task = BuiltInTasks.Get(BuiltInTasks.HopperLite, episodeLength: 5);
        var lengths = new int[8];
        ScriptedControllers.MeanReturn(task, ScriptedControllers.Balance(0f), 8, out lengths);
        Assert.All(lengths, l => Assert.Equal(5, l));
    }

    private static Action<ReadOnlySpan<float>, Span<float>> RandomActions()
    {
        var rng = Random.CounterRng.Create(9).Stream();
        return (_, a) =>
        {
            a[0] = (float)(0.65 * rng.NextGaussian());
            a[1] = (float)(0.65 * rng.NextGaussian());
        };
    }
}
