using System.Globalization;
using EvoPo.Coordinator.Tests.Cli;
using EvoPo.Coordinator.Objectives;
using EvoPo.GpuWorker.Analysis;
using EvoPo.GpuWorker.Objectives;
using EvoPo.Simulation.Policies;
using EvoPo.Coordinator.Tests.Pretrain;

namespace EvoPo.Coordinator.Tests.Objectives;

public sealed class ObjectiveEvalTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("evopo-eval-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static double Sigmoid(double x) => 1 / (1 + Math.Exp(-x));

    private string Csv(string text)
    {
        var path = Path.Combine(_dir, $"pairs-{Guid.NewGuid():N}.csv");
        File.WriteAllText(path, text);
        return path;
    }

    private static Task<string> Fails(params string[] args) => Evopo.FailureAsync(["objective", "eval", .. args]);

    private static Task<string> Refused(params string[] args) => Evopo.UsageErrorAsync(["objective", "eval", .. args]);

    private async Task<double[][]> Eval(params string[] args)
    {
        var outPath = Path.Combine(_dir, "out.csv");
        await Evopo.SucceedsAsync(["objective", "eval", .. args, "--out", outPath]);
        var lines = File.ReadAllLines(outPath);
        Assert.Equal("row,loss,dloss_dlogp_w,dloss_dlogp_l", lines[0]);
        return lines.Skip(1).Select(l => l.Split(',').Skip(1).Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray()).ToArray();
    }

    [Fact]
    public async Task Dpo_matches_a_hand_computation()
    {
        var csv = Csv("logp_w,logp_l,ref_logp_w,ref_logp_l,len_w,len_l\n-10,-12,-11,-11,100,100\n-50,-20,-30,-30,80,120\n");
        var rows = await Eval("--objective", "dpo", "--hp", "beta=0.2", "--pairs", csv);
        Assert.Equal(2, rows.Length);
        foreach (var (row, (lw, ll, rw, rl)) in rows.Zip(new[] { (-10.0, -12.0, -11.0, -11.0), (-50.0, -20.0, -30.0, -30.0) }))
        {
            var z = 0.2 * ((lw - rw) - (ll - rl));
            Assert.Equal(Math.Log(1 + Math.Exp(-z)), row[0], 12);
            Assert.Equal(-0.2 * Sigmoid(-z), row[1], 12);
            Assert.Equal(0.2 * Sigmoid(-z), row[2], 12);
        }
    }

    [Fact]
    public async Task Orpo_matches_a_hand_computation()
    {
        // ℓ_max for σ_min = 0.1, d = 2; the CSV may leave out the reference columns for a one-step objective.
        var csv = Csv("len_w,len_l,logp_w,logp_l\n10,20,-5,-60\n");
        var rows = await Eval("--objective", "orpo", "--hp", "lambda=0.5", "--distribution", "gaussian", "--std-min", "0.1", "--act-dim", "2", "--pairs", csv);
        var lmax = -2 * Math.Log(0.1 * Math.Sqrt(2 * Math.PI));
        double P(double l, double t) => Math.Exp(l / t - lmax);
        double Logit(double p) => Math.Log(p / (1 - p));
        var (pw, pl) = (P(-5, 10), P(-60, 20));
        var delta = Logit(pw) - Logit(pl);
        Assert.Equal(-(-5.0 / 10) - 0.5 * Math.Log(Sigmoid(delta)), rows[0][0], 10);
        Assert.Equal(-1.0 / 10 - 0.5 * Sigmoid(-delta) / (1 - pw) / 10, rows[0][1], 10);
        Assert.Equal(0.5 * Sigmoid(-delta) / (1 - pl) / 20, rows[0][2], 10);
    }

    [Fact]
    public async Task Without_options_l_max_is_the_squashed_one_of_the_crawler_agents_and_gaussian_is_a_choice()
    {
        // ℓ̄ = 3 and 2.5 per step: p = 5e-3 and 3e-3 under the gaussian ℓ_max (8.31), 5e-11 and 3e-11 under the squashed one (26.78),
        // so the 1/(1 − p) factors of ORPO's odds-ratio gradient differ (by ≈ 1e-4 here, far above float64 rounding).
        var csv = Csv("len_w,len_l,logp_w,logp_l\n10,10,30,25\n");
        var squashed = -4 * Math.Log(0.05 * Math.Sqrt(2 * Math.PI)) - 4 * TanhSquash.LogJacobian(TanhSquash.UMax);
        var gaussian = -4 * Math.Log(0.05 * Math.Sqrt(2 * Math.PI));
        var byDefault = await Eval("--objective", "orpo", "--hp", "lambda=1", "--pairs", csv);
        var explicitSquashed = await Eval("--objective", "orpo", "--hp", "lambda=1", "--log-prob-max", squashed.ToString("R", CultureInfo.InvariantCulture), "--pairs", csv);
        var explicitGaussian = await Eval("--objective", "orpo", "--hp", "lambda=1", "--distribution", "gaussian", "--pairs", csv);
        var gaussianByValue = await Eval("--objective", "orpo", "--hp", "lambda=1", "--log-prob-max", gaussian.ToString("R", CultureInfo.InvariantCulture), "--pairs", csv);
        for (var j = 0; j < 3; j++)
        {
            Assert.Equal(explicitSquashed[0][j], byDefault[0][j], 12);
            Assert.Equal(gaussianByValue[0][j], explicitGaussian[0][j], 12);
        }
        Assert.True(Math.Abs(byDefault[0][1] - explicitGaussian[0][1]) > 1e-5, $"{byDefault[0][1]} vs {explicitGaussian[0][1]}");
    }

    [Fact]
    public async Task Discovered_objective_from_best_json_at_zero_is_orpo()
    {
        var best = Path.Combine(_dir, "best.json");
        var zeros = string.Join(",", Enumerable.Repeat("0", MonotoneNetwork.ParameterCount));
        File.WriteAllText(best, $$"""
            { "format": "evopo-best", "version": 1, "objective": "mpo-1s",
              "hyperparameters": { "lambda": 0.1, "learnPhi": 1, "learnPsi": 0, "learnG": 0 },
              "best": { "fitness": 1.0, "parameters": [{{zeros}}] }, "mean": { "digest": "x", "parameters": [{{zeros}}] } }
            """);
        var csv = Csv("logp_w,logp_l,len_w,len_l\n-200,-400,100,100\n");
        var discovered = await Eval("--best", best, "--use", "best", "--pairs", csv);
        var orpo = await Eval("--objective", "orpo", "--pairs", csv);
        for (var j = 0; j < 3; j++) Assert.Equal(orpo[0][j], discovered[0][j], 10);
    }

    [Fact]
    public async Task A_best_json_in_a_run_folder_takes_l_max_from_the_runs_start_agent_unless_given()
    {
        // As the run's report and the dashboard do: a gaussian hopper agent (3 action dimensions) is not the crawler default.
        var run = Path.Combine(_dir, "run");
        Directory.CreateDirectory(run);
        var best = Path.Combine(run, "best.json");
        var zeros = string.Join(",", Enumerable.Repeat("0", MonotoneNetwork.ParameterCount));
        File.WriteAllText(best, $$"""
            { "format": "evopo-best", "version": 1, "objective": "mpo-1s", "hyperparameters": { "lambda": 0.1 },
              "best": null, "mean": { "digest": "x", "parameters": [{{zeros}}] } }
            """);
        File.Copy(Path.Combine(ShippedAgentsTests.RepoRoot(), "agents", "hopper-expert.agent.json"), Path.Combine(run, "start.agent.json"));
        var csv = Csv("logp_w,logp_l,len_w,len_l\n30,25,10,10\n");
        var hopper = PolicyDistributions.LogProbMax(PolicyDistribution.Gaussian, 0.05, 3).ToString("R", CultureInfo.InvariantCulture);

        var fromRun = await Eval("--best", best, "--pairs", csv);
        var orpoAtHopper = await Eval("--objective", "orpo", "--log-prob-max", hopper, "--pairs", csv);
        var orpoAtCrawler = await Eval("--objective", "orpo", "--pairs", csv);
        var given = await Eval("--best", best, "--distribution", "tanh-gaussian", "--pairs", csv);
        for (var j = 0; j < 3; j++)
        {
            Assert.Equal(orpoAtHopper[0][j], fromRun[0][j], 12);
            Assert.Equal(orpoAtCrawler[0][j], given[0][j], 12);
        }
        Assert.True(Math.Abs(fromRun[0][1] - orpoAtCrawler[0][1]) > 1e-5, $"{fromRun[0][1]} vs {orpoAtCrawler[0][1]}");
    }

    [Fact]
    public void Every_catalog_objective_evaluates_to_finite_values()
    {
        var pairs = new PairValues([-300, -500], [-420, -380], [100, 100], [100, 90], [-350, -450], [-400, -400], [-310, -480], [-410, -390]);
        foreach (var name in ObjectiveCatalog.Names)
        {
            var result = ObjectiveProbe.Evaluate(ObjectiveSpec.Default(name), pairs, PolicyDistributions.LogProbMax(ObjectiveChoice.DefaultDistribution, 0.05, 4));
            Assert.All(result.Loss.Concat(result.ChosenGradient).Concat(result.RejectedGradient), v => Assert.True(double.IsFinite(v), name));
        }
    }

    [Theory]
    [InlineData("logp_w,logp_l,ref_logp_w,len_w,len_l\n1,2,3,4,5\n", "line 1: missing column 'ref_logp_l'")]
    [InlineData("logp_w,logp_l,ref_logp_w,ref_logp_l,len_w,len_l\n-1,-2,-3,-4,10,10\n-1,oops,-3,-4,10,10\n", "line 3: column 'logp_l': 'oops' is not a finite number")]
    [InlineData("logp_w,logp_l,ref_logp_w,ref_logp_l,len_w,len_l\n-1,-2,-3,-4,10,10\n\n-1,-2,-3\n", "line 4: has 3 value(s)")]
    [InlineData("logp_w,logp_l,ref_logp_w,ref_logp_l,len_w,len_l\n-1,-2,-3,-4,0,10\n", "line 2: column 'len_w': a trajectory length must be > 0")]
    [InlineData("logp_w,logp_l,ref_logp_w,ref_logp_l,len_w,len_l,weight\n", "line 1: unknown column 'weight'")]
    public async Task Bad_csv_is_refused_with_its_line(string text, string message)
    {
        var csv = Csv(text);
        var e = await Fails("--objective", "dpo", "--pairs", csv);
        Assert.Contains(message, e);
        Assert.Contains(csv, e);
    }

    [Fact]
    public async Task Pairs_and_best_files_that_never_end_are_refused_at_their_size_limits()
    {
        var pairs = await Fails("--objective", "dpo", "--pairs", "/dev/zero");
        Assert.Equal("evopo objective eval: '/dev/zero' is larger than 64 MiB, the most a pairs CSV may be: is it the right file?\n", pairs);

        var csv = Csv("logp_w,logp_l,len_w,len_l\n-10,-12,100,100\n");
        var best = await Fails("--best", "/dev/zero", "--pairs", csv);
        Assert.Equal("evopo objective eval: '/dev/zero' is larger than 4 MiB, the most a best.json may be: is it the right file?\n", best);
    }

    [Fact]
    public async Task Maxpo_needs_behaviour_columns()
    {
        var csv = Csv("logp_w,logp_l,len_w,len_l\n-1,-2,10,10\n");
        var e = await Fails("--objective", "maxpo", "--pairs", csv);
        Assert.Contains("missing column 'behaviour_logp_w'", e);
    }

    [Theory]
    [InlineData(new[] { "--objective", "dpo", "--hp", "gamma=1" }, "has no hyperparameter 'gamma'")]
    [InlineData(new[] { "--objective", "nope" }, "unknown objective 'nope'")]
    [InlineData(new[] { "--objective", "dpo", "--hp", "beta=-1" }, "hyperparameter 'beta' must be > 0, got -1")]
    [InlineData(new[] { "--objective", "orpo", "--hp", "lambda=-5" }, "hyperparameter 'lambda' must be ≥ 0 and ≤ 1000, got -5")]
    [InlineData(new[] { "--objective", "mpo-1s", "--hp", "inputTemperature=0" }, "hyperparameter 'inputTemperature' must be ≥ 0.01 and ≤ 1000, got 0")]
    [InlineData(new[] { "--hp", "beta=1" }, "exactly one of --objective")]
    [InlineData(new[] { "--objective", "dpo", "--log-prob-max", "3", "--std-min", "0.1" }, "not both")]
    [InlineData(new[] { "--objective", "dpo", "--log-prob-max", "3", "--distribution", "gaussian" }, "not both")]
    [InlineData(new[] { "--objective", "dpo", "--distribution", "beta" }, "--distribution: Argument 'beta' not recognized. Must be one of: 'gaussian' 'tanh-gaussian'")]
    public async Task Bad_objective_arguments_are_usage_errors(string[] args, string message)
    {
        var csv = Csv("logp_w,logp_l,ref_logp_w,ref_logp_l,len_w,len_l\n-1,-2,-3,-4,10,10\n");
        var e = await Refused([.. args, "--pairs", csv]);
        Assert.Contains(message, e);
    }
}
