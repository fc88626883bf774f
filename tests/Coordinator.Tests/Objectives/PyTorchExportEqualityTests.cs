using System.Globalization;
using System.Text;
using EvoPo.Coordinator.Tests.Cli;
using EvoPo.Coordinator.Objectives;
using EvoPo.Coordinator.Tests.EndToEnd;
using EvoPo.Coordinator.Tests.Pretrain;
using EvoPo.GpuWorker.Analysis;
using EvoPo.GpuWorker.Export;
using EvoPo.GpuWorker.Objectives;
using EvoPo.Simulation.Policies;
using EvoPo.Simulation.Random;
using Xunit.Abstractions;

namespace EvoPo.Coordinator.Tests.Objectives;

/// <summary>
/// Every catalog objective, MPO in several layouts with random networks, and the quickstart's discovered loss, exported
/// to PyTorch and run under Debian's python3-torch: per pair, the loss and its gradients in ℓ_w and ℓ_l equal what
/// <c>evopo objective eval</c> computes (<see cref="ObjectiveProbe"/>) within 1e-6 relative in float64, on random rows and
/// extreme ones (ℓ_w − ℓ_l, ℓ − ℓ^ref and ℓ − ℓ^μ of ±50, T_w ≠ T_l from 1 to 80, ℓ̄ above ℓ_max). The python side also
/// runs each file's TRL snippet (export_check.py). All cases share one python process (importing torch takes seconds).
/// </summary>
public sealed class PyTorchExportEqualityTests(PyTorchExportEqualityTests.Exports exports, ITestOutputHelper output) : IClassFixture<PyTorchExportEqualityTests.Exports>
{
    private const double Tolerance = 1e-6;

    internal static readonly string Root = ShippedAgentsTests.RepoRoot();

    internal static readonly double CrawlerLogProbMax = PolicyDistributions.LogProbMax(PolicyDistribution.TanhGaussian, 0.05, 4);

    /// <summary>The quickstart's search result (configs/quickstart.yaml, run 20261129-163646-3403ff): best.json and config.yaml.</summary>
    internal static readonly string QuickstartRun = Path.Combine(Root, "tests", "Coordinator.Tests", "Objectives", "Fixtures", "quickstart-run");

    public static TheoryData<string> Cases() => [.. Exports.Specs().Keys];

    [PythonTorchTheory]
    [MemberData(nameof(Cases))]
    public void Exported_loss_and_gradients_equal_objective_eval_in_float64(string testCase)
    {
        var (spec, logProbMax) = Exports.Specs()[testCase];
        var expected = ObjectiveProbe.Evaluate(spec, Exports.Values(Exports.Rows(logProbMax)), logProbMax);
        AssertEqual(expected, exports.Result(testCase), testCase);
    }

    [PythonTorchFact]
    public async Task Export_of_a_run_folder_equals_objective_eval_of_it_with_the_start_agents_l_max()
    {
        var dir = Directory.CreateTempSubdirectory("evopo-export-run-").FullName;
        try
        {
            var run = Path.Combine(dir, "20261129-163646-3403ff");
            Directory.CreateDirectory(run);
            foreach (var file in new[] { "best.json", "config.yaml" }) File.Copy(Path.Combine(QuickstartRun, file), Path.Combine(run, file));
            File.Copy(Path.Combine(Root, "agents", "crawler-original.agent.json"), Path.Combine(run, "start.agent.json"));
            var best = Path.Combine(run, "best.json");
            var pairs = Path.Combine(dir, "pairs.csv");
            File.WriteAllText(pairs, Exports.Csv(Exports.Rows(CrawlerLogProbMax)));

            foreach (var use in new[] { "mean", "best" })
            {
                var module = Path.Combine(dir, $"discovered_{use}.py");
                var evalOut = Path.Combine(dir, $"eval-{use}.csv");
                await Evopo.SucceedsAsync("objective", "export", "--best", best, "--use", use, "--out", module);
                await Evopo.SucceedsAsync("objective", "eval", "--best", best, "--use", use, "--pairs", pairs, "--out", evalOut);
                var pythonOut = Path.Combine(dir, $"python-{use}.csv");
                Exports.RunPython([(module, pairs, pythonOut)]);
                AssertEqual(Exports.ReadResult(evalOut), Exports.ReadResult(pythonOut), $"run folder, --use {use}");
            }
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>Asserts the agreement and reports the largest relative difference seen (console logger, verbosity detailed).</summary>
    private void AssertEqual(PairGradients expected, PairGradients actual, string what)
    {
        var worst = 0.0;
        var columns = new[] { ("loss", expected.Loss, actual.Loss), ("∂/∂ℓ_w", expected.ChosenGradient, actual.ChosenGradient), ("∂/∂ℓ_l", expected.RejectedGradient, actual.RejectedGradient) };
        foreach (var (column, want, got) in columns)
        {
            Assert.Equal(want.Length, got.Length);
            for (var i = 0; i < want.Length; i++)
            {
                Assert.True(double.IsFinite(want[i]), $"{what}: eval's {column} of row {i + 1} is {want[i]}");
                var scale = Math.Max(Math.Abs(want[i]), Math.Abs(got[i]));
                Assert.True(Math.Abs(want[i] - got[i]) <= Tolerance * scale,
                    $"{what}: {column} of row {i + 1}: evopo objective eval {want[i]:R}, PyTorch {got[i]:R}");
                if (scale > 0) worst = Math.Max(worst, Math.Abs(want[i] - got[i]) / scale);
            }
        }
        output.WriteLine($"{what}: {expected.Loss.Length} pairs, largest relative difference {worst:E2}");
    }

    /// <summary>Every case exported into one folder and evaluated by one python process, the first time a test asks.</summary>
    public sealed class Exports : IDisposable
    {
        private readonly string _dir = Directory.CreateTempSubdirectory("evopo-export-").FullName;
        private readonly Lazy<IReadOnlyDictionary<string, PairGradients>> _results;

        public Exports() => _results = new(Evaluate);

        public PairGradients Result(string testCase) => _results.Value[testCase];

        public void Dispose() => Directory.Delete(_dir, recursive: true);

        /// <summary>The cases by name: each catalog objective at its defaults, then other hyperparameters and MPO layouts.</summary>
        public static IReadOnlyDictionary<string, (ObjectiveSpec Spec, double LogProbMax)> Specs()
        {
            var cases = ObjectiveCatalog.Names.ToDictionary(n => n, n => (ObjectiveSpec.Default(n), CrawlerLogProbMax));
            var gaussian = PolicyDistributions.LogProbMax(PolicyDistribution.Gaussian, 0.05, 4);
            cases["colpo, other hyperparameters"] = (Spec("colpo", new() { ["beta"] = 0.7, ["lambda"] = 0.4, ["delta"] = 0.3 }), CrawlerLogProbMax);
            cases["maxpo, sft on both sides"] = (Spec("maxpo", new() { ["clip"] = 3, ["betaKl"] = 0.5, ["sftSet"] = 1 }), CrawlerLogProbMax);
            cases["orpo, gaussian l_max"] = (Spec("orpo", new() { ["lambda"] = 0.7 }), gaussian);
            cases["mpo-1s [phi, psi, g], log input"] = (Mpo("mpo-1s", "phi,psi,g", new() { ["lambda"] = 0.5, ["inputLog"] = 1, ["inputCenter"] = -60, ["inputTemperature"] = 20, ["marginScale"] = 0.1 }), CrawlerLogProbMax);
            cases["mpo-1s [psi], identity psi, log phi"] = (Mpo("mpo-1s", "psi", new() { ["phiBase"] = 0, ["psiBase"] = 1, ["sftWeight"] = 0.5 }), CrawlerLogProbMax);
            cases["mpo-1s [g], power input"] = (Mpo("mpo-1s", "g", new() { ["inputTemperature"] = 5, ["sftWeight"] = 20 }), gaussian);
            cases["mpo-1s [phi], by length"] = (new ObjectiveSpec("mpo-1s", new Dictionary<string, double>(), Random(1, 11)), CrawlerLogProbMax);
            cases["mpo-2s [phi], per step"] = (Mpo("mpo-2s", "phi", new() { ["perTrajectory"] = 0, ["beta"] = 0.3 }), CrawlerLogProbMax);
            cases["mpo-2s [phi, psi, g], logit phi, log input"] = (Mpo("mpo-2s", "phi,psi,g", new() { ["phiBase"] = 1, ["sftWeight"] = 20, ["inputLog"] = 1, ["inputCenter"] = -10, ["inputTemperature"] = 4 }), gaussian);
            cases["mpo-1s discovered by the quickstart"] = (Discovered(), CrawlerLogProbMax);
            return cases;
        }

        private static ObjectiveSpec Spec(string name, Dictionary<string, double> hyperparameters) => new(name, hyperparameters);

        /// <summary>
        /// An MPO spec learning <paramref name="learned"/> with random networks (N(0, 0.3²) values). Their 21 log units give N
        /// an offset near −17 (log 1e-3 where z ≤ 0), so the cases that learn g raise sftWeight to 20 to keep g = max(0, sftWeight + N) above 0.
        /// </summary>
        private static ObjectiveSpec Mpo(string name, string learned, Dictionary<string, double> hyperparameters)
        {
            var functions = learned.Split(',');
            hyperparameters["learnPhi"] = functions.Contains("phi") ? 1 : 0;
            hyperparameters["learnPsi"] = functions.Contains("psi") ? 1 : 0;
            hyperparameters["learnG"] = functions.Contains("g") ? 1 : 0;
            return new ObjectiveSpec(name, hyperparameters, Random(functions.Length, (ulong)(name.Length * 31 + learned.Length)));
        }

        private static double[] Random(int functions, ulong key)
        {
            var rng = CounterRng.Create(2026, key).Stream();
            return Enumerable.Range(0, functions * MonotoneNetwork.ParameterCount).Select(_ => 0.3 * rng.NextGaussian()).ToArray();
        }

        private static ObjectiveSpec Discovered()
        {
            var (spec, _) = ObjectiveChoice.FromBest(Path.Combine(QuickstartRun, "best.json"), "mean", new Dictionary<string, double>());
            return spec;
        }

        /// <summary>
        /// The pairs every case is evaluated on (columns ℓ_w, ℓ_l, T_w, T_l, ℓ^ref_w, ℓ^ref_l, ℓ^μ_w, ℓ^μ_l): random ones, with
        /// T_w ≠ T_l in 1..80, per-step means from ℓ_max − 60 to just below ℓ_max, every third with ℓ_w − ℓ_l = ±50, references
        /// and behaviour log-probs ±3 or ±50 away; crawler-like ones (100 steps, ℓ̄ − ℓ_max from −102 to −24, as the quickstart's
        /// agents give); and per-step means above ℓ_max (where log p is capped).
        /// </summary>
        public static double[][] Rows(double logProbMax)
        {
            var rng = CounterRng.Create(21, 1).Stream();
            double Uniform(double lo, double hi) => lo + (hi - lo) * rng.NextDouble();
            var rows = new List<double[]>();
            for (var i = 0; i < 30; i++)
            {
                double tw, tl;
                do (tw, tl) = (1 + rng.NextInt(80), 1 + rng.NextInt(80));
                while (tw == tl);
                var lw = tw * Uniform(logProbMax - 60, logProbMax - 0.05);
                var ll = (i % 3) switch { 0 => tl * Uniform(logProbMax - 60, logProbMax - 0.05), 1 => lw - 50, _ => lw + 50 };
                var spread = i % 2 == 0 ? 3.0 : 50.0;
                rows.Add([lw, ll, tw, tl, lw - Uniform(-spread, spread), ll - Uniform(-spread, spread),
                    lw - (i % 2 == 0 ? Uniform(-3, 3) : (i % 4 == 1 ? 50 : -50)), ll - Uniform(-spread, spread)]);
            }
            for (var i = 0; i < 8; i++)
            {
                var (tw, tl) = (100.0, i % 2 == 0 ? 100.0 : 60.0);
                var (lw, ll) = (tw * (logProbMax + Uniform(-102, -24)), tl * (logProbMax + Uniform(-102, -24)));
                rows.Add([lw, ll, tw, tl, lw + Uniform(-20, 20), ll + Uniform(-20, 20), lw + Uniform(-5, 5), ll + Uniform(-5, 5)]);
            }
            rows.Add([3 * (logProbMax + 1), 3 * (logProbMax - 2), 3, 7, 3 * (logProbMax - 1), 7 * (logProbMax - 2), 3 * logProbMax, 7 * logProbMax]);
            rows.Add([5 * (logProbMax - 4), 2 * (logProbMax + 0.5), 5, 2, 5 * (logProbMax - 3), 2 * (logProbMax - 1), 5 * logProbMax, 2 * logProbMax]);
            return rows.ToArray();
        }

        private static readonly string[] Header = ["logp_w", "logp_l", "len_w", "len_l", "ref_logp_w", "ref_logp_l", "behaviour_logp_w", "behaviour_logp_l"];

        public static string Csv(double[][] rows)
        {
            var text = new StringBuilder(string.Join(",", Header)).Append('\n');
            foreach (var row in rows) text.AppendJoin(",", row.Select(v => v.ToString("R", CultureInfo.InvariantCulture))).Append('\n');
            return text.ToString();
        }

        public static PairValues Values(double[][] rows)
        {
            double[] Column(int j) => rows.Select(r => r[j]).ToArray();
            return new PairValues(Column(0), Column(1), Column(2), Column(3), Column(4), Column(5), Column(6), Column(7));
        }

        /// <summary>Runs export_check.py on (module, pairs, output) triples; fails the test with python's output unless it succeeded.</summary>
        public static void RunPython(IEnumerable<(string Module, string Pairs, string Output)> jobs)
        {
            var script = Path.Combine(Root, "tests", "Coordinator.Tests", "Objectives", "export_check.py");
            var (code, output) = PythonTorch.Run(PythonTorch.Executable, [script, .. jobs.SelectMany(j => new[] { j.Module, j.Pairs, j.Output })]);
            Assert.True(code == 0, $"export_check.py failed (exit {code}):\n{output}");
        }

        /// <summary>A <c>row,loss,dloss_dlogp_w,dloss_dlogp_l</c> CSV as eval writes it.</summary>
        public static PairGradients ReadResult(string path)
        {
            var rows = File.ReadAllLines(path).Skip(1).Select(l => l.Split(',').Skip(1).Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray()).ToArray();
            return new PairGradients(rows.Select(r => r[0]).ToArray(), rows.Select(r => r[1]).ToArray(), rows.Select(r => r[2]).ToArray());
        }

        private IReadOnlyDictionary<string, PairGradients> Evaluate()
        {
            var jobs = new List<(string, string, string)>();
            var outputs = new Dictionary<string, string>();
            var index = 0;
            foreach (var (name, (spec, logProbMax)) in Specs())
            {
                var module = $"case_{index++}";
                var pairs = Path.Combine(_dir, module + "-pairs.csv");
                File.WriteAllText(pairs, Csv(Rows(logProbMax)));
                var origin = new ExportOrigin($"test case {name}", [], "the test's", "evopo objective eval (test)");
                File.WriteAllText(Path.Combine(_dir, module + ".py"), PyTorchExport.Module(spec, logProbMax, origin, module));
                outputs[name] = Path.Combine(_dir, module + ".csv");
                jobs.Add((Path.Combine(_dir, module + ".py"), pairs, outputs[name]));
            }
            RunPython(jobs);
            return outputs.ToDictionary(kv => kv.Key, kv => ReadResult(kv.Value));
        }
    }
}
