using EvoPo.Coordinator.Config;
using EvoPo.Coordinator.Es;

namespace EvoPo.Coordinator.Tests.Config;

public class SearchConfigLoaderTests
{
    private static SearchConfig Parse(string yaml) => SearchConfigLoader.Parse(yaml, "test.yaml");

    private static ConfigException Refused(string yaml) => Assert.Throws<ConfigException>(() => Parse(yaml));

    [Fact]
    public void An_empty_mapping_gives_the_defaults()
    {
        var config = Parse("{}");
        Assert.Equal(new SearchConfig(), config);
        Assert.Equal(7UL, config.Run.Seed);
        Assert.Equal(TaskName.Crawler3Leg, config.Task.Name);
        Assert.Equal(StartAgent.Original, config.Agents.Start);
        Assert.Equal(128, config.Dataset.Pairs);
        Assert.Equal(ObjectiveClass.OneStep, config.Objective.Class);
        Assert.Equal([LearnedFunction.Phi], config.Objective.Learn);
        Assert.Equal(1.3, config.Training.MaxGradNorm);
        Assert.True(config.Evaluation.Deterministic);
        Assert.Equal(16, config.Es.Population);
        Assert.Equal(FitnessShapingKind.CenteredRanks, config.Es.Shaping);
        Assert.Equal(8, config.Work.UnitSize);
        Assert.Equal([BaselineName.Sft, BaselineName.Dpo, BaselineName.Orpo], config.Report.Baselines);
    }

    [Theory]
    [InlineData("")]
    [InlineData("# only a comment\n\n# and another\n")]
    [InlineData("---\n")]
    [InlineData("~\n")]
    public void An_empty_or_comments_only_config_is_refused(string yaml)
    {
        var e = Refused(yaml);
        Assert.StartsWith("test.yaml: is empty", e.Message);
        Assert.Contains("configs/quickstart.yaml", e.Message);
    }

    [Fact]
    public void An_empty_config_file_is_refused_naming_the_file()
    {
        var path = Path.Combine(Path.GetTempPath(), $"evopo-empty-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(path, "# nothing set\n");
        try
        {
            var e = Assert.Throws<ConfigException>(() => SearchConfigLoader.Load(path));
            Assert.StartsWith($"{path}: is empty", e.Message);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData("[", "]", "")]
    [InlineData("{a: ", "}", "1")]
    [InlineData("- ", "", "x")]
    public void Yaml_nested_forty_thousand_deep_is_refused_before_it_overflows_the_stack(string open, string close, string middle)
    {
        const int depth = 40_000;
        var yaml = string.Concat(Enumerable.Repeat(open, depth)) + middle + string.Concat(Enumerable.Repeat(close, depth));
        var e = Refused(yaml);
        Assert.StartsWith("test.yaml:1:", e.Message);
        Assert.Contains($"more than {SearchConfigLoader.MaxDepth} deep", e.Message);
    }

    [Fact]
    public void A_config_that_never_ends_is_refused_at_its_size_limit()
    {
        var e = Assert.Throws<ConfigException>(() => SearchConfigLoader.Load("/dev/zero"));
        Assert.Equal("/dev/zero: cannot read the configuration file: '/dev/zero' is larger than 1 MiB, the most a search config may be: is it the right file?", e.Message);
        var large = Refused("# " + new string('x', SearchConfigLoader.MaxBytes));
        Assert.Contains("larger than 1 MiB", large.Message);
    }

    [Fact]
    public void Report_hyperparameters_out_of_range_are_refused_like_the_objective_section()
    {
        var e = Refused("report:\n  hyperparameters: { dpo: { beta: -1 } }\n");
        Assert.Equal("report.hyperparameters.dpo", e.KeyPath);
        Assert.Contains("hyperparameter 'beta' must be > 0, got -1", e.Message);
        Assert.Equal("objective.beta", Refused("objective:\n  beta: -1\n").KeyPath);
    }

    [Fact]
    public void Missing_sections_and_keys_take_defaults()
    {
        var config = Parse("es:\n  population: 32\ndataset:\n");
        Assert.Equal(new SearchConfig { Es = new EsConfig { Population = 32 } }, config);
    }

    [Fact]
    public void Quickstart_file_loads_and_differs_from_the_defaults_only_where_it_says_so()
    {
        var path = Path.Combine(RepoRoot(), "configs", "quickstart.yaml");
        var quickstart = SearchConfigLoader.Load(path);
        var expected = new SearchConfig
        {
            Dataset = new DatasetConfig { Variant = DatasetVariant.Noisy, Noise = 0.2 },
            Objective = new ObjectiveConfig
            {
                Learn = [LearnedFunction.Phi, LearnedFunction.Psi, LearnedFunction.G], Lambda = 0.5, InputTemperature = 20.0,
                NetworkInput = NetworkInput.Log, InputCenter = -60, MarginScale = 0.1,
            },
            Es = new EsConfig { Generations = 12, Sigma0 = 0.05, LearningRate = 0.05 },
        };
        Assert.Equal(expected, quickstart);
    }

    public static TheoryData<string> ShippedConfigs() =>
        new(Directory.GetFiles(Path.Combine(RepoRoot(), "configs"), "*.yaml", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(Path.Combine(RepoRoot(), "configs"), f)).Order());

    [Theory]
    [MemberData(nameof(ShippedConfigs))]
    public void Shipped_config_loads_and_names_shipped_agents(string file)
    {
        var config = SearchConfigLoader.Load(Path.Combine(RepoRoot(), "configs", file));
        foreach (var agent in new[] { config.Agents.Original, config.Agents.Target })
            Assert.True(File.Exists(Path.Combine(RepoRoot(), agent)), $"{file} names {agent}, which is not in the repository");
    }

    [Fact]
    public void ToYaml_round_trips()
    {
        var config = new SearchConfig
        {
            Run = new RunConfig { Seed = ulong.MaxValue },
            Task = new TaskConfig { Name = TaskName.Crawler, EpisodeLength = 1000 },
            Agents = new AgentsConfig { Original = "a \"quoted\" path\\x.json", Start = StartAgent.Target },
            Dataset = new DatasetConfig { Variant = DatasetVariant.Noisy, Noise = 0.1 + 0.2, Temperature = 2 },
            Objective = new ObjectiveConfig
            {
                Class = ObjectiveClass.TwoStep, Learn = [LearnedFunction.Psi, LearnedFunction.Phi, LearnedFunction.G], Lambda = 1e-7,
                PhiBase = PhiBase.Logit, PsiBase = PsiBase.Identity, SftWeight = 0.25, PerTrajectory = false, Start = "runs/x/best.json",
                NetworkInput = NetworkInput.Log, InputCenter = -7.5,
            },
            Training = new TrainingConfig { SftEpochs = 3, LearningRate = 3e-4 },
            Evaluation = new EvaluationConfig { Deterministic = false },
            Es = new EsConfig { Shaping = FitnessShapingKind.ZScore, WeightDecay = 0.005 },
            Work = new WorkConfig { UnitSize = 256 },
            Report = new ReportConfig
            {
                Baselines = [BaselineName.Simpo, BaselineName.Ipo, BaselineName.Cpo, BaselineName.SlicHf], Seeds = 5,
                Hyperparameters = new Dictionary<BaselineName, IReadOnlyDictionary<string, double>>
                {
                    [BaselineName.SlicHf] = new Dictionary<string, double> { ["delta"] = 2, ["lambda"] = 0.5 },
                    [BaselineName.Ipo] = new Dictionary<string, double> { ["tau"] = 0.3 },
                },
            },
        };
        var yaml = SearchConfigLoader.ToYaml(config);
        var back = Parse(yaml);
        Assert.Equal(config, back);
        Assert.Equal(yaml, SearchConfigLoader.ToYaml(back));
        Assert.Contains("shaping: z-score", yaml);
        Assert.Contains("class: 2s", yaml);
        Assert.Contains("learn: [psi, phi, g]", yaml);
        Assert.Contains("sftWeight: 0.25", yaml);
        Assert.Contains("networkInput: log", yaml);
        Assert.Contains("inputCenter: -7.5", yaml);
        Assert.Contains("sftWeight: auto", SearchConfigLoader.ToYaml(new SearchConfig()));
        Assert.Null(Parse(SearchConfigLoader.ToYaml(new SearchConfig())).Objective.SftWeight);
        Assert.Contains("baselines: [simpo, ipo, cpo, slic-hf]", yaml);
        Assert.Contains("hyperparameters: { slic-hf: { delta: 2.0, lambda: 0.5 }, ipo: { tau: 0.3 } }", yaml);
        Assert.Contains("hyperparameters: {}", SearchConfigLoader.ToYaml(new SearchConfig()));
    }

    [Fact]
    public void SeedsPerCandidate_appears_in_the_canonical_text_only_away_from_its_default()
    {
        // Runs journaled before the key existed compare their stored config text with this one on resume.
        Assert.DoesNotContain("seedsPerCandidate", SearchConfigLoader.ToYaml(new SearchConfig()));
        var two = new SearchConfig { Training = new TrainingConfig { SeedsPerCandidate = 2 } };
        Assert.Contains("seedsPerCandidate: 2", SearchConfigLoader.ToYaml(two));
        Assert.Equal(two, Parse(SearchConfigLoader.ToYaml(two)));
    }

    [Fact]
    public void ToEsSettings_carries_the_es_section()
    {
        var settings = Parse("es: { population: 64, sigma0: 0.05, sigmaMin: 0.01, shaping: raw }").ToEsSettings();
        Assert.Equal(64, settings.Population);
        Assert.Equal(0.05, settings.Sigma0);
        Assert.Equal(0.01, settings.SigmaMin);
        Assert.Equal(FitnessShapingKind.Raw, settings.Shaping);
        settings.Validate();
    }

    [Fact]
    public void Unknown_key_is_named_with_the_valid_keys_of_its_section()
    {
        var ex = Refused("es:\n  popsize: 16\n");
        Assert.Equal("es.popsize", ex.KeyPath);
        Assert.Contains("es.popsize", ex.Message);
        Assert.Contains("unknown key", ex.Message);
        Assert.Contains("population, generations, sigma0", ex.Message);
        Assert.StartsWith("test.yaml:2:", ex.Message);
    }

    [Fact]
    public void Unknown_section_lists_the_sections()
    {
        var ex = Refused("evolution:\n  population: 16\n");
        Assert.Contains("evolution", ex.Message);
        Assert.Contains("run, task, agents, dataset, objective, training, evaluation, es, work, report", ex.Message);
    }

    [Theory]
    [InlineData("es:\n  population: abc\n", "es.population", "an integer")]
    [InlineData("es:\n  population: 16.5\n", "es.population", "an integer")]
    [InlineData("es:\n  population: \"16\"\n", "es.population", "an integer")]
    [InlineData("run:\n  seed: -1\n", "run.seed", "a non-negative integer")]
    [InlineData("dataset:\n  noise: high\n", "dataset.noise", "a number")]
    [InlineData("evaluation:\n  deterministic: yes\n", "evaluation.deterministic", "true or false")]
    [InlineData("es: 16\n", "es", "a mapping")]
    [InlineData("objective:\n  learn: phi\n", "objective.learn", "a list of phi | psi | g")]
    [InlineData("es:\n  population: [16]\n", "es.population", "an integer")]
    public void Wrong_type_names_the_key_and_the_expected_type(string yaml, string key, string expected)
    {
        var ex = Refused(yaml);
        Assert.Equal(key, ex.KeyPath);
        Assert.Contains(key + ": wrong type", ex.Message);
        Assert.Contains(expected, ex.Message);
    }

    [Fact]
    public void Odd_population_is_refused_with_its_range()
    {
        var ex = Refused("es:\n  population: 3\n");
        Assert.Equal("es.population", ex.KeyPath);
        Assert.Contains("even", ex.Message);
        Assert.Contains("got 3", ex.Message);
        Assert.StartsWith("test.yaml:2:", ex.Message);
    }

    [Theory]
    [InlineData("es: { generations: -1 }", "es.generations")]
    [InlineData("es: { sigmaMin: 0.5 }", "es.sigmaMin")]
    [InlineData("es: { sigmaDecay: 1.5 }", "es.sigmaDecay")]
    [InlineData("es: { learningRate: 0 }", "es.learningRate")]
    [InlineData("es: { weightDecay: -0.1 }", "es.weightDecay")]
    [InlineData("dataset: { noise: 0.6 }", "dataset.noise")]
    [InlineData("dataset: { temperature: 0 }", "dataset.temperature")]
    [InlineData("dataset: { pairs: 0 }", "dataset.pairs")]
    [InlineData("work: { unitSize: 257 }", "work.unitSize")]
    [InlineData("work: { unitSize: 0 }", "work.unitSize")]
    [InlineData("task: { episodeLength: 0 }", "task.episodeLength")]
    [InlineData("training: { minibatchPairs: 129 }", "training.minibatchPairs")]
    [InlineData("training: { maxGradNorm: -1 }", "training.maxGradNorm")]
    [InlineData("training: { seedsPerCandidate: 0 }", "training.seedsPerCandidate")]
    [InlineData("training: { seedsPerCandidate: 65 }", "training.seedsPerCandidate")]
    [InlineData("report: { seeds: 0 }", "report.seeds")]
    [InlineData("report: { baselines: [dpo, dpo] }", "report.baselines")]
    [InlineData("agents: { original: '' }", "agents.original")]
    public void Out_of_range_value_names_the_key_and_range(string yaml, string key)
    {
        var ex = Refused(yaml);
        Assert.Equal(key, ex.KeyPath);
        Assert.Contains(key + ": ", ex.Message);
        Assert.Contains("must", ex.Message);
    }

    [Fact]
    public void Unknown_enum_value_lists_the_allowed_names()
    {
        var ex = Refused("dataset:\n  variant: foo\n");
        Assert.Equal("dataset.variant", ex.KeyPath);
        Assert.Contains("'foo'", ex.Message);
        Assert.Contains("base | noisy | mixed", ex.Message);

        Assert.Contains("crawler | crawler-3leg | hopper | ant | tla | hopper-lite", Refused("task: { name: humanoid }").Message);
        Assert.Contains("centered-ranks | z-score | raw", Refused("es: { shaping: ranks }").Message);
        Assert.Contains("sft | dpo | ipo | cpo | orpo | simpo | rdpo | rrhf | slic-hf | lpo | colpo | maxpo", Refused("report: { baselines: [kto] }").Message);
        Assert.Equal("report.baselines[0]", Refused("report: { baselines: [kto] }").KeyPath);
        Assert.Contains("auto | log | logit", Refused("objective: { phiBase: exp }").Message);
        Assert.Contains("a number or auto", Refused("objective: { sftWeight: high }").Message);
    }

    [Fact]
    public void Every_baseline_name_is_a_zoo_objective_and_every_zoo_objective_a_baseline()
    {
        var all = new SearchConfig { Report = new ReportConfig { Baselines = Enum.GetValues<BaselineName>() } };
        var line = SearchConfigLoader.ToYaml(all).Split('\n').Single(l => l.Contains("baselines: ["));
        var baselines = line[(line.IndexOf('[') + 1)..line.IndexOf(']')].Split(", ");
        Assert.All(baselines, name => Assert.Contains(name, EvoPo.GpuWorker.Objectives.ObjectiveCatalog.Names));
        var zoo = EvoPo.GpuWorker.Objectives.ObjectiveCatalog.Names.Where(n => !n.StartsWith("mpo-", StringComparison.Ordinal));
        Assert.Equal(zoo.Order(), baselines.Order());
        var config = Parse($"report: {{ baselines: [{string.Join(", ", baselines)}] }}");
        Assert.Equal(12, config.Report.Baselines.Count);
    }

    [Fact]
    public void Baseline_hyperparameters_override_the_catalog_defaults()
    {
        var report = Parse("report:\n  baselines: [dpo, simpo]\n  hyperparameters:\n    dpo: { beta: 0.25 }\n").Report;
        Assert.Equal(0.25, report.Objective(BaselineName.Dpo).Hyperparameters["beta"]);
        Assert.Empty(report.Objective(BaselineName.Simpo).Hyperparameters);
    }

    [Theory]
    [InlineData("report: { baselines: [dpo], hyperparameters: { dpo: { lambda: 1 } } }", "report.hyperparameters.dpo", "has no hyperparameter 'lambda'; allowed: beta")]
    [InlineData("report: { baselines: [dpo], hyperparameters: { orpo: { lambda: 1 } } }", "report.hyperparameters.orpo", "not in report.baselines [dpo]")]
    [InlineData("report: { baselines: [dpo], hyperparameters: { kto: { beta: 1 } } }", "report.hyperparameters.kto", "sft | dpo")]
    [InlineData("report: { baselines: [dpo], hyperparameters: { dpo: { beta: x } } }", "report.hyperparameters.dpo.beta", "a number")]
    [InlineData("report: { baselines: [dpo], hyperparameters: [dpo] }", "report.hyperparameters", "a mapping")]
    public void Bad_baseline_hyperparameters_name_the_key(string yaml, string key, string problem)
    {
        var ex = Refused(yaml);
        Assert.Equal(key, ex.KeyPath);
        Assert.Contains(problem, ex.Message);
    }

    [Theory]
    [InlineData("1s", "[phi]")]
    [InlineData("1s", "[psi]")]
    [InlineData("1s", "[g]")]
    [InlineData("1s", "[phi, psi, g]")]
    [InlineData("2s", "[phi]")]
    [InlineData("2s", "[psi, g]")]
    [InlineData("2s", "[g, phi, psi]")]
    public void Every_class_and_set_of_learned_functions_is_runnable(string objectiveClass, string learn)
    {
        var config = Parse($"objective: {{ class: {objectiveClass}, learn: {learn}, phiBase: log, psiBase: identity, sftWeight: 0.5 }}\ntraining: {{ sftEpochs: 2 }}");
        Assert.Equal(objectiveClass == "2s" ? ObjectiveClass.TwoStep : ObjectiveClass.OneStep, config.Objective.Class);
        Assert.Equal(PhiBase.Log, config.Objective.PhiBase);
        Assert.Equal(0.5, config.Objective.SftWeight);
    }

    [Theory]
    [InlineData("objective: { class: 2s }\ntraining: { sftEpochs: 0 }", "training.sftEpochs", "≥ 1 for objective.class 2s")]
    [InlineData("objective: { class: 1s, perTrajectory: false }", "objective.perTrajectory", "class 2s only")]
    [InlineData("objective: { sftWeight: -1 }", "objective.sftWeight", "must be a number in [0, 1000]")]
    [InlineData("objective: { learn: [phi, phi] }", "objective.learn", "twice")]
    [InlineData("objective: { start: '' }", "objective.start", "must be")]
    [InlineData("objective: { marginScale: 0 }", "objective.marginScale", "must be a finite number > 0")]
    [InlineData("objective: { marginScale: .inf }", "objective.marginScale", "must be a finite number > 0")]
    [InlineData("objective: { class: 2s, marginScale: 0.5 }\ntraining: { sftEpochs: 1 }", "objective.marginScale", "class 1s only")]
    [InlineData("objective: { inputCenter: -5 }", "objective.inputCenter", "networkInput: log")]
    public void Invalid_objective_combinations_are_refused_before_anything_runs(string yaml, string key, string problem)
    {
        var ex = Refused(yaml);
        Assert.Equal(key, ex.KeyPath);
        Assert.Contains(problem, ex.Message);
    }

    [Fact]
    public void Empty_learn_list_is_refused()
    {
        var ex = Refused("objective: { learn: [] }");
        Assert.Equal("objective.learn", ex.KeyPath);
        Assert.Contains("at least one of phi | psi | g", ex.Message);
    }

    [Fact]
    public void Duplicate_key_is_refused()
    {
        var ex = Refused("es:\n  population: 16\n  population: 32\n");
        Assert.Contains("population", ex.Message);
    }

    [Fact]
    public void Malformed_yaml_is_reported_with_the_source()
    {
        var ex = Refused("es: [\n");
        Assert.StartsWith("test.yaml", ex.Message);
        Assert.Contains("not valid YAML", ex.Message);
    }

    [Fact]
    public void Missing_file_is_a_config_error()
    {
        var ex = Assert.Throws<ConfigException>(() => SearchConfigLoader.Load("/nonexistent/search.yaml"));
        Assert.Contains("/nonexistent/search.yaml", ex.Message);
    }

    private static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Cluster.sln"))) return dir.FullName;
        throw new InvalidOperationException("Repository root (Cluster.sln) not found above the test binaries.");
    }
}
