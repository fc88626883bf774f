using EvoPo.Coordinator.Es;
using EvoPo.Coordinator.Pretrain;
using EvoPo.Simulation.Policies;
using EvoPo.Simulation.Tasks;

namespace EvoPo.Coordinator.Tests.Pretrain;

public class AgentPretrainerTests
{
    private static PretrainSettings Tiny(string task = BuiltInTasks.Crawler) => new()
    {
        Task = task,
        EpisodeLength = 30,
        Hidden = [8],
        Generations = 3,
        Population = 8,
        Episodes = 2,
        FinalEpisodes = 4,
        Seed = 5,
    };

    [Fact]
    public void Same_settings_give_the_same_agent_whatever_the_thread_count()
    {
        var a = AgentPretrainer.Run(Tiny() with { Threads = 1 });
        var b = AgentPretrainer.Run(Tiny() with { Threads = 3 });
        Assert.Equal(a.Agent.ContentHash, b.Agent.ContentHash);
        Assert.Equal(a.State.MeanDigest(), b.State.MeanDigest());
        Assert.Equal(a.FinalReturn, b.FinalReturn);
        var other = AgentPretrainer.Run(Tiny() with { Seed = 6 });
        Assert.NotEqual(a.Agent.ContentHash, other.Agent.ContentHash);
    }

    [Fact]
    public void Agent_carries_its_provenance()
    {
        var result = AgentPretrainer.Run(Tiny());
        var agent = result.Agent;
        Assert.Equal(BuiltInTasks.Crawler, agent.Task);
        Assert.Equal(new PolicyShape(9, [8], 4), agent.Shape);
        Assert.Equal("crawler", agent.Provenance["task"]);
        Assert.Equal("5", agent.Provenance["seed"]);
        Assert.Equal("3", agent.Provenance["generations"]);
        Assert.Equal("stochastic", agent.Provenance["evaluation"]);
        Assert.Equal("fresh", agent.Provenance["start"]);
        Assert.Equal(result.FinalReturn, double.Parse(agent.Provenance["fitness"], System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void A_few_generations_improve_the_return_on_crawler()
    {
        var settings = new PretrainSettings
        {
            Task = BuiltInTasks.Crawler,
            EpisodeLength = 50,
            Hidden = [16],
            Population = 24,
            Episodes = 4,
            FinalEpisodes = 16,
            Seed = 3,
        };
        var initial = AgentPretrainer.Run(settings with { Generations = 0 });
        var progress = new List<PretrainProgress>();
        var trained = AgentPretrainer.Run(settings with { Generations = 12 }, progress: progress.Add);
        Assert.Equal(Enumerable.Range(1, 12), progress.Select(p => p.Generation));
        // The fresh policy barely moves (≈ 0); 12 generations find a gait worth tens of reward on 50 steps.
        Assert.True(trained.FinalReturn > initial.FinalReturn + 15, $"initial {initial.FinalReturn:F2}, trained {trained.FinalReturn:F2}");
    }

    [Fact]
    public void A_fresh_policy_starts_at_the_configured_log_std_and_the_default_changes_nothing()
    {
        var plain = AgentPretrainer.Run(Tiny() with { Generations = 0 });
        var explicitDefault = AgentPretrainer.Run(Tiny() with { Generations = 0, LogStdInit = PretrainSettings.DefaultLogStdInit });
        Assert.Equal(plain.Agent.ContentHash, explicitDefault.Agent.ContentHash);
        Assert.DoesNotContain("logStdInit", plain.Agent.Provenance.Keys);

        var narrow = AgentPretrainer.Run(Tiny() with { Generations = 0, LogStdInit = -2 });
        var shape = narrow.Agent.Shape;
        Assert.All(narrow.Agent.Parameters.ToArray()[shape.LogStdOffset..], p => Assert.Equal(-2f, p));
        Assert.All(plain.Agent.Parameters.ToArray()[shape.LogStdOffset..], p => Assert.Equal(-0.5f, p));
        Assert.Equal("-2", narrow.Agent.Provenance["logStdInit"]);
        Assert.NotEqual(Tiny().Fingerprint(), (Tiny() with { LogStdInit = -2 }).Fingerprint());
        Assert.Throws<ArgumentException>(() => (Tiny() with { LogStdInit = double.NaN }).Validate());
    }

    [Fact]
    public void A_log_std_given_with_a_start_agent_replaces_only_its_log_std()
    {
        var original = AgentPretrainer.Run(Tiny() with { Generations = 1 }).Agent;
        var shape = original.Shape;
        var kept = AgentPretrainer.Run(Tiny() with { Generations = 0 }, original).Agent;
        var narrowed = AgentPretrainer.Run(Tiny() with { Generations = 0, LogStdInit = -2.5 }, original).Agent;

        Assert.Equal(original.Parameters.ToArray(), kept.Parameters.ToArray());
        Assert.DoesNotContain("logStdInit", kept.Provenance.Keys);
        Assert.Equal(original.Parameters.ToArray()[..shape.LogStdOffset], narrowed.Parameters.ToArray()[..shape.LogStdOffset]);
        Assert.All(narrowed.Parameters.ToArray()[shape.LogStdOffset..], p => Assert.Equal(-2.5f, p));
        // Recorded even at the fresh default, since for a start agent any value is a change.
        Assert.Equal("-0.5", AgentPretrainer.Run(Tiny() with { Generations = 0, LogStdInit = -0.5 }, original).Agent.Provenance["logStdInit"]);
    }

    [Fact]
    public void The_alive_shift_lowers_only_the_es_fitness_by_the_steps_survived()
    {
        // hopper-lite ends an episode when the hopper falls, so episode lengths differ and the shift changes the ranking.
        var settings = Tiny(BuiltInTasks.HopperLite);
        var task = BuiltInTasks.Get(settings.Task, settings.EpisodeLength);
        var shape = new PolicyShape(task.ObsDim, settings.Hidden, task.ActDim);
        var policies = Enumerable.Range(0, 3)
            .Select(i => new GaussianMlp(shape, settings.StdMin, GaussianMlp.InitParameters(shape, (ulong)i + 1, -0.5f)))
            .ToArray();
        var direct = new EvoPo.Simulation.Evaluation.PolicyEvaluator(task, 4, 11).Evaluate(policies);

        var (returns, fitness) = AgentPretrainer.EvaluateShifted(task, policies, 4, 11, false, 2, 0.5);

        Assert.Equal(direct.MeanReturns, returns);
        for (var i = 0; i < policies.Length; i++)
            Assert.Equal(direct.MeanReturns[i] - 0.5 * direct.EpisodeLengths[i].Average(), fitness[i], 12);
        Assert.Equal(returns, AgentPretrainer.EvaluateShifted(task, policies, 4, 11, false, 1, 0).Fitness);
        Assert.True(direct.EpisodeLengths.SelectMany(l => l).Distinct().Count() > 1, "the test needs episodes of different lengths");

        var shifted = AgentPretrainer.Run(settings with { AliveShift = 1 });
        Assert.NotEqual(AgentPretrainer.Run(settings).State.MeanDigest(), shifted.State.MeanDigest());
        Assert.Equal("1", shifted.Agent.Provenance["aliveShift"]);
        Assert.NotEqual(settings.Fingerprint(), (settings with { AliveShift = 1 }).Fingerprint());
        Assert.Throws<ArgumentException>(() => (settings with { AliveShift = double.NaN }).Validate());
        Assert.Throws<ArgumentException>(() => (settings with { AliveShift = -1 }).Validate());
    }

    [Fact]
    public void Resuming_from_a_checkpoint_continues_bit_for_bit()
    {
        var settings = Tiny() with { Generations = 4 };
        var straight = AgentPretrainer.Run(settings);

        EsState? afterTwo = null;
        var cts = new CancellationTokenSource();
        Assert.ThrowsAny<OperationCanceledException>(() => AgentPretrainer.Run(settings, progress: p =>
        {
            if (p.Generation != 2) return;
            afterTwo = p.State;
            cts.Cancel();
        }, cancellation: cts.Token));
        Assert.NotNull(afterTwo);

        var path = Path.Combine(Path.GetTempPath(), $"evopo-pretrain-{Guid.NewGuid():N}.json");
        try
        {
            PretrainCheckpoint.Create(settings, "fresh", afterTwo!).Write(path);
            var checkpoint = PretrainCheckpoint.Read(path);
            checkpoint.EnsureMatches(path, settings, "fresh");
            Assert.Throws<InvalidDataException>(() => checkpoint.EnsureMatches(path, settings with { Seed = 99 }, "fresh"));
            var resumed = AgentPretrainer.Run(settings, resume: checkpoint.State);
            Assert.Equal(straight.Agent.ContentHash, resumed.Agent.ContentHash);
            Assert.Equal(straight.State.MeanDigest(), resumed.State.MeanDigest());
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void A_fresh_policy_is_tanh_gaussian_and_a_start_agent_keeps_its_distribution_unless_told_otherwise()
    {
        var fresh = AgentPretrainer.Run(Tiny() with { Generations = 0 }).Agent;
        Assert.Equal(PolicyDistribution.TanhGaussian, fresh.Distribution);
        var raw = AgentPretrainer.Run(Tiny() with { Generations = 0, Distribution = PolicyDistribution.Gaussian }).Agent;
        Assert.Equal(PolicyDistribution.Gaussian, raw.Distribution);
        Assert.Equal(fresh.Parameters.ToArray(), raw.Parameters.ToArray());
        Assert.NotEqual(fresh.ContentHash, raw.ContentHash);

        var kept = AgentPretrainer.Run(Tiny(BuiltInTasks.Crawler3Leg) with { Generations = 0 }, raw).Agent;
        Assert.Equal(PolicyDistribution.Gaussian, kept.Distribution);
        var squashed = AgentPretrainer.Run(Tiny(BuiltInTasks.Crawler3Leg) with { Generations = 0, Distribution = PolicyDistribution.TanhGaussian }, raw).Agent;
        Assert.Equal(PolicyDistribution.TanhGaussian, squashed.Distribution);
    }

    [Fact]
    public void A_checkpoint_fingerprint_names_a_squashed_distribution_and_not_a_gaussian_one()
    {
        Assert.Contains(";distribution=tanh-gaussian", (Tiny() with { Distribution = PolicyDistribution.TanhGaussian }).Fingerprint());
        // Gaussian runs checkpointed before distributions existed keep matching.
        Assert.Equal(Tiny().Fingerprint(), (Tiny() with { Distribution = PolicyDistribution.Gaussian }).Fingerprint());
    }

    [Fact]
    public void Adapting_starts_from_the_given_agent()
    {
        var original = AgentPretrainer.Run(Tiny()).Agent;
        var zero = AgentPretrainer.Run(Tiny(BuiltInTasks.Crawler3Leg) with { Generations = 0 }, original).Agent;
        Assert.Equal(original.ContentHash, zero.ContentHash);
        Assert.Equal(original.ContentHash, zero.Provenance["start"]);
        Assert.Equal("crawler-3leg", zero.Task);
        var wrongShape = Tiny(BuiltInTasks.Crawler3Leg) with { Hidden = [4] };
        Assert.Throws<ArgumentException>(() => AgentPretrainer.Run(wrongShape, original));
    }

    [Fact]
    public void Invalid_settings_name_the_field()
    {
        Assert.Equal("Task", Assert.Throws<ArgumentException>(() => (Tiny() with { Task = "humanoid" }).Validate()).ParamName);
        Assert.Equal("Episodes", Assert.Throws<ArgumentException>(() => (Tiny() with { Episodes = 0 }).Validate()).ParamName);
        Assert.Equal("Population", Assert.Throws<ArgumentException>(() => (Tiny() with { Population = 7 }).Validate()).ParamName);
    }
}
