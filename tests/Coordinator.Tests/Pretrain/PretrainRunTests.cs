using EvoPo.Coordinator.Config;
using EvoPo.Coordinator.Pretrain;
using EvoPo.Coordinator.Search;
using EvoPo.Simulation.Policies;
using EvoPo.Simulation.Tasks;

namespace EvoPo.Coordinator.Tests.Pretrain;

/// <summary>Pretraining runs through the search engine's state and plan (<see cref="PretrainDriver"/>), as the SearchRun actor drives them.</summary>
public class PretrainRunTests
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

    private static double Fitness(Agent agent) => double.Parse(agent.Provenance["fitness"], System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public void Same_settings_give_the_same_agent_whatever_the_unit_size()
    {
        var (a, sa) = PretrainDriver.Run(Tiny(), unitSize: 1);
        var (b, sb) = PretrainDriver.Run(Tiny(), unitSize: 5);
        Assert.Equal(a!.ContentHash, b!.ContentHash);
        Assert.Equal(sa.Es.MeanDigest(), sb.Es.MeanDigest());
        Assert.Equal(Fitness(a), Fitness(b));
        Assert.NotEqual(a.ContentHash, PretrainDriver.Run(Tiny() with { Seed = 6 }).Agent!.ContentHash);
    }

    [Fact]
    public void Agent_carries_its_provenance()
    {
        var (agent, state) = PretrainDriver.Run(Tiny());
        Assert.Equal(BuiltInTasks.Crawler, agent!.Task);
        Assert.Equal(new PolicyShape(9, [8], 4), agent.Shape);
        Assert.Equal("crawler", agent.Provenance["task"]);
        Assert.Equal("5", agent.Provenance["seed"]);
        Assert.Equal("3", agent.Provenance["generations"]);
        Assert.Equal("stochastic", agent.Provenance["evaluation"]);
        Assert.Equal("fresh", agent.Provenance["start"]);
        Assert.Equal(state.ReportResults().Single().Fitness, Fitness(agent));
        Assert.Null(agent.Normalizer);
        Assert.DoesNotContain("observationNormalization", agent.Provenance.Keys);
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
        var initial = Fitness(PretrainDriver.Run(settings with { Generations = 0 }).Agent!);
        var (trained, state) = PretrainDriver.Run(settings with { Generations = 12 });
        Assert.Equal(Enumerable.Range(0, 12), state.History.Select(g => g.Generation));
        // The fresh policy barely moves (≈ 0); 12 generations find a gait worth tens of reward on 50 steps.
        Assert.True(Fitness(trained!) > initial + 15, $"initial {initial:F2}, trained {Fitness(trained!):F2}");
    }

    [Fact]
    public void A_fresh_policy_starts_at_the_configured_log_std_and_the_default_changes_nothing()
    {
        var plain = PretrainDriver.Run(Tiny() with { Generations = 0 }).Agent!;
        var explicitDefault = PretrainDriver.Run(Tiny() with { Generations = 0, LogStdInit = PretrainSettings.DefaultLogStdInit }).Agent!;
        Assert.Equal(plain.ContentHash, explicitDefault.ContentHash);
        Assert.DoesNotContain("logStdInit", plain.Provenance.Keys);

        var narrow = PretrainDriver.Run(Tiny() with { Generations = 0, LogStdInit = -2 }).Agent!;
        var shape = narrow.Shape;
        Assert.All(narrow.Parameters.ToArray()[shape.LogStdOffset..], p => Assert.Equal(-2f, p));
        Assert.All(plain.Parameters.ToArray()[shape.LogStdOffset..], p => Assert.Equal(-0.5f, p));
        Assert.Equal("-2", narrow.Provenance["logStdInit"]);
        Assert.Throws<ArgumentException>(() => (Tiny() with { LogStdInit = double.NaN }).Validate());
    }

    [Fact]
    public void A_log_std_given_with_a_start_agent_replaces_only_its_log_std()
    {
        var original = PretrainDriver.Run(Tiny() with { Generations = 1 }).Agent!;
        var shape = original.Shape;
        var kept = PretrainDriver.Run(Tiny() with { Generations = 0 }, original).Agent!;
        var narrowed = PretrainDriver.Run(Tiny() with { Generations = 0, LogStdInit = -2.5 }, original).Agent!;

        Assert.Equal(original.Parameters.ToArray(), kept.Parameters.ToArray());
        Assert.DoesNotContain("logStdInit", kept.Provenance.Keys);
        Assert.Equal(original.Parameters.ToArray()[..shape.LogStdOffset], narrowed.Parameters.ToArray()[..shape.LogStdOffset]);
        Assert.All(narrowed.Parameters.ToArray()[shape.LogStdOffset..], p => Assert.Equal(-2.5f, p));
        // Recorded even at the fresh default, since for a start agent any value is a change.
        Assert.Equal("-0.5", PretrainDriver.Run(Tiny() with { Generations = 0, LogStdInit = -0.5 }, original).Agent!.Provenance["logStdInit"]);
    }

    [Fact]
    public void The_alive_shift_changes_the_search_and_is_recorded_but_not_the_reported_return()
    {
        // hopper-lite ends an episode when the hopper falls, so episode lengths differ and the shift changes the ranking.
        var settings = Tiny(BuiltInTasks.HopperLite);
        var (shifted, state) = PretrainDriver.Run(settings with { AliveShift = 1 });
        Assert.NotEqual(PretrainDriver.Run(settings).State.Es.MeanDigest(), state.Es.MeanDigest());
        Assert.Equal("1", shifted!.Provenance["aliveShift"]);
        Assert.Equal(0, state.Plan.ReportUnit(0, state.ReportEntries).Rollout!.AliveShift);
        Assert.Throws<ArgumentException>(() => (settings with { AliveShift = double.NaN }).Validate());
        Assert.Throws<ArgumentException>(() => (settings with { AliveShift = -1 }).Validate());
    }

    [Fact]
    public void A_run_restored_from_a_snapshot_mid_way_continues_bit_for_bit_with_its_observation_statistics()
    {
        var settings = Tiny() with { Generations = 4 };
        var straight = PretrainDriver.Run(settings, normalize: true, unitSize: 3);
        var (_, halfway) = PretrainDriver.Run(settings, normalize: true, unitSize: 3, stopAfter: s => s.Es.Generation == 2);
        var restored = SearchRunState.FromSnapshot(halfway.ToSnapshot(), halfway.Plan);
        Assert.NotNull(halfway.ToSnapshot().Observations);
        var resumed = PretrainDriver.Run(settings, normalize: true, unitSize: 3, resume: restored);
        Assert.Equal(straight.Agent!.ContentHash, resumed.Agent!.ContentHash);
        Assert.Equal(straight.State.Es.MeanDigest(), resumed.State.Es.MeanDigest());
    }

    [Fact]
    public void Observation_normalization_freezes_every_candidates_rollout_statistics_into_the_agent_whatever_the_unit_size()
    {
        var settings = Tiny() with { Generations = 2 };
        var (one, _) = PretrainDriver.Run(settings, normalize: true, unitSize: 1);
        var (many, state) = PretrainDriver.Run(settings, normalize: true, unitSize: 8);
        Assert.Equal(one!.ContentHash, many!.ContentHash);
        var normalizer = many.Normalizer!;
        Assert.Equal(one.Normalizer!.Mean.ToArray(), normalizer.Mean.ToArray());
        Assert.Contains("observationNormalization", many.Provenance.Keys);
        Assert.NotEqual(PretrainDriver.Run(settings).Agent!.ContentHash, many.ContentHash);

        // Generation 0 acts on raw observations (identity); generation 1 through what generation 0's rollouts saw: all
        // 8 candidates × 2 episodes × 30 steps (the crawler does not end early).
        var first = PretrainDriver.Start(settings, null, normalize: true, unitSize: 8);
        Assert.Equal([.. Enumerable.Repeat(1f, 9)], first.Unit(0).Rollout!.ObservationStd!);
        Assert.True(first.Unit(0).Rollout!.RecordObservations);
        var (_, afterOne) = PretrainDriver.Run(settings, normalize: true, stopAfter: s => s.Es.Generation == 1);
        Assert.Equal(afterOne.Normalizer!.Std.ToArray(), afterOne.Unit(0).Rollout!.ObservationStd);
        Assert.NotEqual(state.Normalizer!.Std.ToArray(), afterOne.Normalizer.Std.ToArray());
        Assert.Equal(8 * 2 * 30, afterOne.ToSnapshot().Observations!.Count);
        Assert.False(state.Plan.ReportUnit(0, state.ReportEntries, state.Normalizer).Rollout!.RecordObservations);
    }

    [Fact]
    public void A_start_agents_own_normalization_stays_frozen_for_its_candidates_and_in_the_result()
    {
        var normalized = PretrainDriver.Run(Tiny() with { Generations = 1 }, normalize: true).Agent!;
        foreach (var normalize in new[] { false, true })
        {
            var first = PretrainDriver.Start(Tiny(BuiltInTasks.Crawler3Leg), normalized, normalize, unitSize: 8);
            Assert.Equal(normalized.Normalizer!.Std.ToArray(), first.Unit(0).Rollout!.ObservationStd);
            Assert.False(first.Unit(0).Rollout!.RecordObservations);
            var adapted = PretrainDriver.Run(Tiny(BuiltInTasks.Crawler3Leg) with { Generations = 1 }, normalized, normalize).Agent!;
            Assert.Same(normalized.Normalizer, adapted.Normalizer);
            Assert.DoesNotContain("observationNormalization", adapted.Provenance.Keys);
        }
    }

    [Fact]
    public void A_fresh_policy_is_tanh_gaussian_and_a_start_agent_keeps_its_distribution_unless_told_otherwise()
    {
        var fresh = PretrainDriver.Run(Tiny() with { Generations = 0 }).Agent!;
        Assert.Equal(PolicyDistribution.TanhGaussian, fresh.Distribution);
        var raw = PretrainDriver.Run(Tiny() with { Generations = 0, Distribution = PolicyDistribution.Gaussian }).Agent!;
        Assert.Equal(PolicyDistribution.Gaussian, raw.Distribution);
        Assert.Equal(fresh.Parameters.ToArray(), raw.Parameters.ToArray());
        Assert.NotEqual(fresh.ContentHash, raw.ContentHash);

        var kept = PretrainDriver.Run(Tiny(BuiltInTasks.Crawler3Leg) with { Generations = 0 }, raw).Agent!;
        Assert.Equal(PolicyDistribution.Gaussian, kept.Distribution);
        var squashed = PretrainDriver.Run(Tiny(BuiltInTasks.Crawler3Leg) with { Generations = 0, Distribution = PolicyDistribution.TanhGaussian }, raw).Agent!;
        Assert.Equal(PolicyDistribution.TanhGaussian, squashed.Distribution);
    }

    [Fact]
    public void Adapting_starts_from_the_given_agent()
    {
        var original = PretrainDriver.Run(Tiny()).Agent!;
        var zero = PretrainDriver.Run(Tiny(BuiltInTasks.Crawler3Leg) with { Generations = 0 }, original).Agent!;
        Assert.Equal(original.ContentHash, zero.ContentHash);
        Assert.Equal(original.ContentHash, zero.Provenance["start"]);
        Assert.Equal("crawler-3leg", zero.Task);
        var wrongShape = Tiny(BuiltInTasks.Crawler3Leg) with { Hidden = [4] };
        Assert.Contains("start agent has shape", Assert.Throws<ArgumentException>(() => PretrainDriver.Run(wrongShape, original)).Message);
    }

    [Fact]
    public void Invalid_settings_name_the_field()
    {
        Assert.Equal("Task", Assert.Throws<ArgumentException>(() => (Tiny() with { Task = "humanoid" }).Validate()).ParamName);
        Assert.Equal("Episodes", Assert.Throws<ArgumentException>(() => (Tiny() with { Episodes = 0 }).Validate()).ParamName);
        Assert.Equal("Population", Assert.Throws<ArgumentException>(() => (Tiny() with { Population = 7 }).Validate()).ParamName);
    }

    [Fact]
    public void Settings_survive_the_runs_config_and_a_search_config_keeps_its_canonical_text()
    {
        var settings = Tiny() with { LogStdInit = -2, AliveShift = 1, Distribution = PolicyDistribution.Gaussian, Strategy = Coordinator.Es.StrategyKind.Pgpe, LearningRate = 0.1 };
        var yaml = SearchConfigLoader.ToYaml(PretrainRun.ConfigFor(settings, "a.agent.json", true, 4));
        var config = SearchConfigLoader.Parse(yaml, "test");
        int[] none = [];
        Assert.Equal(settings with { Hidden = none }, PretrainRun.SettingsOf(config) with { Hidden = none });
        Assert.Equal(settings.Hidden, PretrainRun.SettingsOf(config).Hidden);
        Assert.Equal("a.agent.json", config.Pretrain.From);
        Assert.True(config.Pretrain.NormalizeObservations);
        Assert.DoesNotContain("pretrain", SearchConfigLoader.ToYaml(new SearchConfig()));
    }
}
