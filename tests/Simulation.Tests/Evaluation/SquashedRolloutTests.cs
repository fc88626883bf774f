using EvoPo.Simulation.Evaluation;
using EvoPo.Simulation.Policies;
using EvoPo.Simulation.Random;
using EvoPo.Simulation.Tasks;

namespace EvoPo.Simulation.Tests.Evaluation;

public class SquashedRolloutTests
{
    private const int ObsDim = 3, ActDim = 2, Steps = 6, Rows = 4;

    /// <summary>An environment that keeps every action it is given; observations are a fixed function of the step.</summary>
    private sealed class ActionLog : IBatchedEnvironment
    {
        private readonly float[] _obs = new float[Rows * SquashedRolloutTests.ObsDim];
        private int _t;

        public List<float[]> Received { get; } = [];

        public int Count => Rows;

        public int ObsDim => SquashedRolloutTests.ObsDim;

        public int ActDim => SquashedRolloutTests.ActDim;

        public int EpisodeLength => Steps;

        public ReadOnlySpan<float> Observations => _obs;

        public void Reset(ReadOnlySpan<ulong> startSeeds)
        {
            _t = 0;
            Fill();
        }

        public void Step(ReadOnlySpan<float> actions, Span<double> rewards, Span<bool> done)
        {
            Received.Add(actions.ToArray());
            _t++;
            rewards.Clear();
            done.Fill(_t >= Steps);
            Fill();
        }

        private void Fill()
        {
            for (var i = 0; i < _obs.Length; i++) _obs[i] = (float)Math.Sin(i + 3 * _t);
        }
    }

    private static (ActionLog Env, TrajectoryRecording Recording, GaussianMlp Policy) Run(bool stochastic)
    {
        var env = new ActionLog();
        var task = new TaskDescriptor("action-log", ObsDim, ActDim, Steps, _ => env);
        var shape = new PolicyShape(ObsDim, [5], ActDim);
        // A large output scale puts many means beyond the clamp, so both sides of it are exercised.
        var policy = new GaussianMlp(shape, 0.05, GaussianMlp.InitParameters(shape, 4, logStdInit: 0.3f, outputScale: 8.0), PolicyDistribution.TanhGaussian);
        var recording = new TrajectoryRecording(Rows, Steps, ObsDim, ActDim);
        var noise = Enumerable.Range(0, Rows).Select(i => CounterRng.Create(9, (ulong)i)).ToArray();
        new RolloutEngine(task, Rows).Run([policy], [0, Rows], new ulong[Rows], noise, stochastic, new double[Rows], new int[Rows], recording);
        return (env, recording, policy);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void The_environment_executes_tanh_of_the_stored_clamped_action_whose_squashed_log_prob_is_recorded(bool stochastic)
    {
        var (env, recording, policy) = Run(stochastic);
        Assert.Equal(Steps, env.Received.Count);
        var clamped = 0;
        var mean = new float[ActDim];
        for (var t = 0; t < Steps; t++)
            for (var i = 0; i < Rows; i++)
            {
                var u = recording.Actions.AsSpan((i * Steps + t) * ActDim, ActDim).ToArray();
                policy.Mean(recording.Observations.AsSpan((i * Steps + t) * ObsDim, ObsDim), 1, mean);
                for (var d = 0; d < ActDim; d++)
                {
                    Assert.InRange(u[d], -TanhSquash.UMax, TanhSquash.UMax);
                    if (Math.Abs(u[d]) == TanhSquash.UMax) clamped++;
                    if (!stochastic) Assert.Equal(TanhSquash.Clamp(mean[d]), u[d]);
                    Assert.Equal(MathF.Tanh(u[d]), env.Received[t][i * ActDim + d]);
                }
                Assert.Equal(policy.LogProb(mean, u), recording.BehaviourLogProbs[i * Steps + t]);
            }
        Assert.True(clamped > 0, "no action reached the clamp; the test would not cover it");
    }
}
