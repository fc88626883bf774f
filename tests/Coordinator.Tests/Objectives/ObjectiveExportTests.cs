using System.Globalization;
using EvoPo.Coordinator.Tests.Cli;
using EvoPo.Simulation.Policies;

namespace EvoPo.Coordinator.Tests.Objectives;

/// <summary>
/// <c>evopo objective export</c> as a command: what the file says about the run it comes from, which ℓ_max it takes, and
/// the arguments it refuses. (That the file computes what <c>objective eval</c> does: PyTorchExportEqualityTests.)
/// </summary>
public sealed class ObjectiveExportTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("evopo-export-cli-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static Task Export(params string[] args) => Evopo.SucceedsAsync(["objective", "export", .. args]);

    /// <summary>A run folder holding the quickstart's best.json, and its config.yaml and start agent where asked.</summary>
    private string RunFolder(bool config, string? startAgent)
    {
        var run = Path.Combine(_dir, "20261129-163646-3403ff");
        Directory.CreateDirectory(run);
        File.Copy(Path.Combine(PyTorchExportEqualityTests.QuickstartRun, "best.json"), Path.Combine(run, "best.json"), overwrite: true);
        if (config) File.Copy(Path.Combine(PyTorchExportEqualityTests.QuickstartRun, "config.yaml"), Path.Combine(run, "config.yaml"), overwrite: true);
        if (startAgent is not null) File.Copy(Path.Combine(PyTorchExportEqualityTests.Root, "agents", startAgent), Path.Combine(run, "start.agent.json"), overwrite: true);
        return Path.Combine(run, "best.json");
    }

    [Fact]
    public async Task A_run_folders_export_says_what_was_searched_on_which_task_and_data_with_run_id_and_mean_digest()
    {
        var best = RunFolder(config: true, startAgent: "hopper-expert.agent.json");
        var out_ = Path.Combine(_dir, "discovered_loss.py");
        await Export("--best", best, "--out", out_);
        var text = Flat(File.ReadAllText(out_));

        Assert.StartsWith("r\"\"\"The mpo-1s loss discovered by EvoPO run 20261129-163646-3403ff: its final ES mean after 12 generations.", text);
        Assert.Contains("Searched: a 1S-MPO (learned [phi, psi, g], λ = 0.50) objective, with OpenAI-ES (population 16, 12 generations", text);
        Assert.Contains("on task crawler-3leg (100-step episodes), from a noisy preference dataset of 128 pairs (label noise 0.2", text);
        Assert.Contains("meanDigest 164b2a8ba6379be51a90ef179b2c9b02359b5d5929a14eefabf40f0f8859e32d", text);
        Assert.Contains("Exported vector: the final ES mean (--use mean)", text);
        // ℓ_max is the run's start agent's (here a gaussian hopper agent, 3 action dimensions), not the crawler default.
        var hopper = PolicyDistributions.LogProbMax(PolicyDistribution.Gaussian, 0.05, 3).ToString("R", CultureInfo.InvariantCulture);
        Assert.Contains($" LOG_PROB_MAX = {hopper} ", text);
        Assert.Contains("the run's start agent: gaussian, σ_min 0.05, 3 action dimensions", text);
        Assert.Contains($"evopo objective eval --best {best} --use mean --log-prob-max {hopper} --pairs pairs.csv", text);
        Assert.Contains("from discovered_loss import evopo_loss", text);
    }

    [Fact]
    public async Task The_best_candidate_with_overrides_and_without_a_config_says_so()
    {
        var best = RunFolder(config: false, startAgent: null);
        var out_ = Path.Combine(_dir, "best_candidate.py");
        await Export("--best", best, "--use", "best", "--hp", "lambda=0.25", "--out", out_);
        var text = Flat(File.ReadAllText(out_));
        Assert.Contains("its best single candidate (fitness 69.18)", text);
        Assert.Contains("What was searched is not recorded here: no config.yaml beside the best.json", text);
        Assert.Contains("Hyperparameters overridden at export (--hp): lambda = 0.25.", text);
        Assert.Contains(" LAMBDA = 0.25 ", text);
        Assert.Contains("the shipped crawler agents': tanh-gaussian, σ_min 0.05, 4 action dimensions", text);
    }

    [Fact]
    public async Task A_catalog_objective_is_exported_with_its_hyperparameters()
    {
        var out_ = Path.Combine(_dir, "dpo_loss.py");
        await Export("--objective", "dpo", "--hp", "beta=0.2", "--format", "pytorch", "--out", out_);
        var text = Flat(File.ReadAllText(out_));
        Assert.StartsWith("r\"\"\"EvoPO's catalog objective dpo (beta = 0.2).", text);
        Assert.Contains(" BETA = 0.2 ", text);
        Assert.Contains("`evopo objective eval --objective dpo --hp beta=0.2 --pairs pairs.csv`", text);
    }

    /// <summary>The file's prose and code on one line: the docstring wraps its sentences.</summary>
    private static string Flat(string text) => string.Join(' ', text.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0));

    [Theory]
    [InlineData(new[] { "--objective", "dpo", "--format", "onnx", "--out", "x.py" }, "--format: Argument 'onnx' not recognized. Must be one of: 'pytorch'")]
    [InlineData(new[] { "--objective", "dpo", "--out", "my-loss.py" }, "--out must be a Python module file")]
    [InlineData(new[] { "--objective", "dpo", "--out", "loss.txt" }, "--out must be a Python module file")]
    [InlineData(new[] { "--objective", "kto", "--out", "x.py" }, "unknown objective 'kto'")]
    [InlineData(new[] { "--objective", "dpo", "--hp", "gamma=1", "--out", "x.py" }, "has no hyperparameter 'gamma'")]
    [InlineData(new[] { "--objective", "dpo", "--pairs", "p.csv", "--out", "x.py" }, "Unrecognized command or argument '--pairs'")]
    public async Task Bad_arguments_are_usage_errors(string[] args, string message)
    {
        var e = await Evopo.UsageErrorAsync(["objective", "export", .. args]);
        Assert.Contains(message, e);
    }

    [Fact]
    public async Task A_missing_or_broken_best_json_is_one_clear_error()
    {
        var missing = await Evopo.FailureAsync(["objective", "export", "--best", Path.Combine(_dir, "nope.json"), "--out", Path.Combine(_dir, "x.py")]);
        Assert.Contains("cannot read", missing);
        var broken = Path.Combine(_dir, "best.json");
        File.WriteAllText(broken, "{\"format\": \"evopo-best\"}");
        var e = await Evopo.FailureAsync(["objective", "export", "--best", broken, "--out", Path.Combine(_dir, "x.py")]);
        Assert.Contains("is not a usable best.json", e);
        Assert.False(File.Exists(Path.Combine(_dir, "x.py")));
    }
}
