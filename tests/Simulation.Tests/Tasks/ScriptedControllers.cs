using EvoPo.Simulation.Tasks;

namespace EvoPo.Simulation.Tests.Tasks;

/// <summary>Hand-written gaits that read the stance strengths from the observation (indices 5..8), as an MLP could.</summary>
internal static class ScriptedControllers
{
    public static void FourLegs(ReadOnlySpan<float> obs, Span<float> action)
    {
        for (var leg = 0; leg < 4; leg++) action[leg] = obs[5 + leg] > 0 ? 1f : 0f;
    }

    public static void ThreeLegs(ReadOnlySpan<float> obs, Span<float> action)
    {
        for (var leg = 0; leg < 3; leg++) action[leg] = obs[5 + leg] > 0 ? 1f : 0f;
        action[3] = 0f;
    }

    /// <summary>hopper-lite: a PD controller on the pitch (obs θ, ω) that also cancels the tipping of <paramref name="push"/>.</summary>
    public static Action<ReadOnlySpan<float>, Span<float>> Balance(float push) => (obs, action) =>
    {
        var c = new HopperLiteConfig();
        action[0] = (float)(((c.Gravity + 20) * obs[0] + 6 * obs[1] + c.TipGain * push) / c.TorqueGain);
        action[1] = push;
    };

    /// <summary>Mean return of a controller over <paramref name="episodes"/> start states, stepped as one batch.</summary>
    public static double MeanReturn(TaskDescriptor task, Action<ReadOnlySpan<float>, Span<float>> controller, int episodes, out int[] lengths)
    {
        var env = task.CreateBatch(episodes);
        env.Reset(Enumerable.Range(0, episodes).Select(i => (ulong)(1000 + i)).ToArray());
        var actions = new float[episodes * task.ActDim];
        var rewards = new double[episodes];
        var done = new bool[episodes];
        var total = 0.0;
        lengths = new int[episodes];
        for (var t = 0; t < task.EpisodeLength; t++)
        {
            for (var i = 0; i < episodes; i++)
                controller(env.Observations.Slice(i * task.ObsDim, task.ObsDim), actions.AsSpan(i * task.ActDim, task.ActDim));
            var wasDone = (bool[])done.Clone();
            env.Step(actions, rewards, done);
            for (var i = 0; i < episodes; i++)
            {
                total += rewards[i];
                if (!wasDone[i]) lengths[i]++;
            }
        }
        return total / episodes;
    }
}
