using EvoPo.Coordinator.Config;
using EvoPo.Coordinator.Search;
using EvoPo.GpuWorker.Objectives;
using EvoPo.Messages.Work;

namespace EvoPo.Coordinator.Tests.Search;

public sealed class SearchPlanTests
{
    [Fact]
    public void A_generation_is_cut_into_units_of_K_with_a_smaller_last_unit()
    {
        var plan = SearchFixtures.Plan(SearchFixtures.Config(population: 10, unitSize: 4));
        var candidates = Enumerable.Range(0, 10).Select(i => new[] { (double)i }).ToArray();
        Assert.Equal(3, plan.UnitCount(10));
        var units = Enumerable.Range(0, 3).Select(u => plan.GenerationUnit(5, u, candidates)).ToArray();
        Assert.Equal([4, 4, 2], units.Select(u => u.Candidates.Length));
        Assert.Equal(Enumerable.Range(0, 10), units.SelectMany(u => u.Candidates).Select(c => c.Index));
        Assert.All(units.SelectMany(u => u.Candidates), c => Assert.Equal((double)c.Index, c.Objective.Parameters![0]));
        Assert.Equal(new UnitId(SearchFixtures.RunId, 5, 2), units[2].Id);
        Assert.Throws<ArgumentOutOfRangeException>(() => plan.GenerationUnit(5, 3, candidates));
    }

    [Fact]
    public void Candidates_of_a_generation_share_a_training_seed_that_changes_between_generations()
    {
        var plan = SearchFixtures.Plan(SearchFixtures.Config());
        var candidates = Enumerable.Range(0, 6).Select(_ => new double[1]).ToArray();
        var seeds0 = plan.GenerationUnit(0, 0, candidates).Candidates.Select(c => c.TrainingSeed).Distinct().ToArray();
        var seeds1 = plan.GenerationUnit(1, 0, candidates).Candidates.Select(c => c.TrainingSeed).Distinct().ToArray();
        Assert.Single(seeds0);
        Assert.Single(seeds1);
        Assert.NotEqual(seeds0[0], seeds1[0]);
    }

    [Fact]
    public void Several_seeds_per_candidate_train_each_candidate_once_per_shared_seed_and_seed_0_is_the_single_seed()
    {
        var single = SearchFixtures.Plan(SearchFixtures.Config(population: 4, unitSize: 3));
        var config = SearchFixtures.Config(population: 4, unitSize: 3) with { Training = new TrainingConfig { SeedsPerCandidate = 3 } };
        var plan = SearchFixtures.Plan(config);
        var candidates = Enumerable.Range(0, 4).Select(i => new[] { (double)i }).ToArray();

        Assert.Equal(12, plan.GenerationAgents(4));
        Assert.Equal(4, plan.UnitCount(plan.GenerationAgents(4)));
        var agents = Enumerable.Range(0, 4).SelectMany(u => plan.GenerationUnit(7, u, candidates).Candidates).ToArray();
        Assert.Equal(Enumerable.Range(0, 12), agents.Select(a => a.Index));
        Assert.Equal([0, 0, 0, 1, 1, 1, 2, 2, 2, 3, 3, 3], agents.Select(a => (int)a.Objective.Parameters![0]));
        var seeds = agents.Take(3).Select(a => a.TrainingSeed).ToArray();
        Assert.Equal(3, seeds.Distinct().Count());
        Assert.All(agents.Chunk(3), c => Assert.Equal(seeds, c.Select(a => a.TrainingSeed)));
        Assert.Equal(single.GenerationUnit(7, 0, candidates).Candidates[0].TrainingSeed, seeds[0]);
        Assert.DoesNotContain(plan.GenerationTrainingSeed(8, 1), seeds);
    }

    [Fact]
    public void A_candidates_fitness_is_the_mean_of_its_seeds_and_failed_when_any_seed_failed()
    {
        var plan = SearchFixtures.Plan(SearchFixtures.Config() with { Training = new TrainingConfig { SeedsPerCandidate = 2 } });
        var fitness = plan.CandidateFitness([1, 3, 10, double.NaN, -2, -4, double.NegativeInfinity, 5]);
        Assert.Equal(4, fitness.Length);
        Assert.Equal(2, fitness[0]);
        Assert.True(double.IsNaN(fitness[1]));
        Assert.Equal(-3, fitness[2]);
        Assert.True(double.IsNaN(fitness[3]));
        Assert.Throws<ArgumentException>(() => plan.CandidateFitness([1, 2, 3]));
        Assert.Equal([1.0, double.NaN], SearchFixtures.Plan(SearchFixtures.Config()).CandidateFitness([1, double.NaN]));
    }

    [Fact]
    public void Report_trains_every_method_with_the_same_seeds()
    {
        var plan = SearchFixtures.Plan(SearchFixtures.Config());
        var entries = plan.ReportEntries(new double[plan.Dimension], new double[plan.Dimension], new double[plan.Dimension]);
        var methods = entries.Select(e => e.Method).Distinct().ToArray();
        Assert.Equal([SearchPlan.DiscoveredMean, SearchPlan.DiscoveredBest, SearchPlan.SearchStart, "sft", "orpo"], methods);
        foreach (var seed in Enumerable.Range(0, 2))
            Assert.Single(entries.Where(e => e.SeedIndex == seed).Select(e => e.TrainingSeed).Distinct());
        Assert.Equal("mpo-1s", entries[0].Objective.Name);
        Assert.Null(entries.First(e => e.Method == "orpo").Objective.Parameters);
    }

    [Fact]
    public void The_default_search_is_1s_mpo_learning_phi_from_orpo()
    {
        var plan = SearchFixtures.Plan(SearchFixtures.Config());
        Assert.Equal("mpo-1s", plan.SearchedObjective);
        Assert.Equal(379, plan.Dimension);
        var h = plan.SearchedHyperparameters;
        Assert.Equal(0.1, h["lambda"]);
        Assert.Equal(1, h["learnPhi"]);
        Assert.Equal(0, h["learnPsi"] + h["learnG"]);
        Assert.False(h.ContainsKey("phiBase")); // auto: the class's own base, logit
    }

    [Fact]
    public void A_2s_config_searches_2s_mpo_with_its_learned_functions_and_bases()
    {
        var config = (SearchFixtures.Config() with
        {
            Objective = new ObjectiveConfig
            {
                Class = ObjectiveClass.TwoStep, Learn = [LearnedFunction.G, LearnedFunction.Phi], Beta = 0.3,
                PsiBase = PsiBase.Identity, SftWeight = 0.5, PerTrajectory = false,
            },
            Training = new TrainingConfig { SftEpochs = 2 },
        }).Validate();
        var plan = SearchFixtures.Plan(config);
        Assert.Equal("mpo-2s", plan.SearchedObjective);
        Assert.Equal(758, plan.Dimension);
        var candidate = plan.GenerationUnit(0, 0, [.. Enumerable.Range(0, 6).Select(_ => new double[758])]).Candidates[0].Objective;
        Assert.Equal("mpo-2s", candidate.Name);
        Assert.Equal(new Dictionary<string, double>
        {
            ["beta"] = 0.3, ["perTrajectory"] = 0, ["inputTemperature"] = 1, ["psiBase"] = 1, ["sftWeight"] = 0.5,
            ["learnPhi"] = 1, ["learnPsi"] = 0, ["learnG"] = 1,
        }, candidate.Hyperparameters);
        // What the coordinator sends is what the workers' catalog accepts.
        ObjectiveCatalog.Validate(new ObjectiveSpec(candidate.Name, candidate.Hyperparameters, candidate.Parameters));
    }

    [Fact]
    public void Keys_added_later_reach_candidates_only_away_from_their_defaults()
    {
        // A run journaled before marginScale and networkInput existed must send the same candidates when replayed.
        var old = SearchPlan.Hyperparameters(new ObjectiveConfig { Lambda = 0.5, InputTemperature = 5 });
        Assert.Equal(new Dictionary<string, double>
        {
            ["lambda"] = 0.5, ["inputTemperature"] = 5, ["psiBase"] = 0, ["learnPhi"] = 1, ["learnPsi"] = 0, ["learnG"] = 0,
        }, old);
        var scaled = SearchPlan.Hyperparameters(new ObjectiveConfig
        {
            Lambda = 0.5, InputTemperature = 5, MarginScale = 0.05, NetworkInput = NetworkInput.Log, InputCenter = -20,
        });
        Assert.Equal(0.05, scaled["marginScale"]);
        Assert.Equal(1, scaled["inputLog"]);
        Assert.Equal(-20, scaled["inputCenter"]);
        ObjectiveCatalog.Validate(new ObjectiveSpec("mpo-1s", scaled, new double[379]));
    }

    [Fact]
    public void Report_baselines_carry_their_configured_hyperparameters()
    {
        var config = (SearchFixtures.Config() with
        {
            Report = new ReportConfig
            {
                Baselines = [BaselineName.Maxpo, BaselineName.Colpo],
                Hyperparameters = new Dictionary<BaselineName, IReadOnlyDictionary<string, double>> { [BaselineName.Colpo] = new Dictionary<string, double> { ["delta"] = 0.2 } },
            },
        }).Validate();
        var plan = SearchFixtures.Plan(config);
        var entries = plan.ReportEntries(new double[plan.Dimension], null, new double[plan.Dimension]);
        Assert.Equal(0.2, entries.First(e => e.Method == "colpo").Objective.Hyperparameters["delta"]);
        Assert.Empty(entries.First(e => e.Method == "maxpo").Objective.Hyperparameters);
    }

    [Fact]
    public void Report_trains_the_search_start_it_was_given()
    {
        var plan = SearchFixtures.Plan(SearchFixtures.Config());
        var start = Enumerable.Repeat(0.25, plan.Dimension).ToArray();
        var entries = plan.ReportEntries(new double[plan.Dimension], null, start);
        Assert.Equal(start, entries.First(e => e.Method == SearchPlan.SearchStart).Objective.Parameters);
    }
}
