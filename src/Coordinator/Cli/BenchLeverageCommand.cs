using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using EvoPo.Coordinator.Bench;
using EvoPo.Coordinator.Config;
using EvoPo.GpuWorker.Torch;
using TorchSharp;

namespace EvoPo.Coordinator.Cli;

/// <summary>
/// <c>evopo bench leverage</c>: the spread of fitness across one generation's candidates (shared training seed) against
/// the spread across training seeds of the search start, with the margins the networks meet (<see cref="LeverageBench"/>).
/// Exits 1 when the candidates spread less than the seeds do times the threshold: the search has no leverage.
/// </summary>
public sealed class BenchLeverageCommand : CliCommand
{
    private readonly Option<string> _config = CliOptions.Text("--config", "FILE", "the search config whose dataset, start agent, inner loop and evaluation are measured", "configs/quickstart.yaml");
    private readonly Option<int> _seeds = CliOptions.Int("--seeds", "N", "training seeds of the search start", 8, 2, 1000);
    private readonly Option<double> _threshold = CliOptions.Double("--threshold", "X", "the leverage below which the command fails", 1.0);
    private readonly Option<int> _threads = CliOptions.Int("--threads", "N", "torch's intra-op thread count; 0: torch's own choice", 0, 0);
    private readonly Option<string> _device = CliOptions.Text("--device", "D", "TorchSharp device", "cpu");
    private readonly Option<bool> _json = CliOptions.Json("print one JSON object (progress goes to stderr)");

    public BenchLeverageCommand() : base("leverage", "fitness spread across a generation's candidates vs across training seeds; fails without leverage",
        """
        On the config's dataset, start agent, inner loop and evaluation episodes: trains generation 0's candidates
        (σ0 around the config's start, all with the generation's shared training seed, as a search does) and the
        search start with --seeds training seeds, and prints the std of fitness across candidates, across seeds, and
        their ratio, the leverage. Also prints the quantiles of what the learned networks read (per-step log p,
        the φ⁻¹ margin, the sigmoid's argument) under the start agent and after training the search start, and
        how far the candidates turn the per-pair loss gradient away from the search start's.
        Exits 1 with "leverage: FAIL" when the leverage is below --threshold.
        """,
        "evopo bench leverage --config configs/quickstart.yaml --seeds 8")
    {
        CliOptions.Add(this, _config, _seeds, _threshold, _threads, _device, _json);
    }

    protected override Task<int> RunAsync(ParseResult parse, CancellationToken cancellation)
    {
        var configPath = parse.GetRequiredValue(_config);
        var seeds = parse.GetValue(_seeds);
        var threshold = parse.GetValue(_threshold);
        var threads = parse.GetValue(_threads);
        var device = parse.GetRequiredValue(_device);
        var json = parse.GetValue(_json);
        var config = SearchConfigLoader.Load(configPath);
        var log = json ? Console.Error : Console.Out;

        TorchRuntime.EnsureLoaded();
        if (threads > 0) torch.set_num_threads(threads);
        var result = new LeverageBench(config, configPath, device).Run(seeds, log, cancellation);
        var pass = result.HasLeverage(threshold);
        var invariant = CultureInfo.InvariantCulture;
        if (json)
        {
            Console.Out.WriteLine(JsonSerializer.Serialize(new
            {
                config = configPath,
                population = result.CandidateFitness.Length,
                sigma0 = config.Es.Sigma0,
                seeds,
                candidateFitness = result.CandidateFitness,
                seedFitness = result.SeedFitness,
                candidateStd = result.CandidateSpread,
                seedStd = result.SeedSpread,
                leverage = result.Leverage,
                threshold,
                pass,
                gradientTurn = result.GradientTurn,
                percentiles = Margins.Percentiles,
                before = MarginSummary(result.Before),
                after = MarginSummary(result.After),
                seconds = result.Seconds,
                cores = Environment.ProcessorCount,
            }));
        }
        else
        {
            log.WriteLine();
            log.WriteLine($"What the networks read ({string.Join(" / ", Margins.Percentiles.Select(p => $"p{p}"))}):");
            log.WriteLine();
            log.WriteLine("| quantity | start agent | after training the search start |");
            log.WriteLine("|---|---|---|");
            foreach (var (label, pick) in Quantities(config))
                log.WriteLine($"| {label} | {Row(pick(result.Before))} | {Row(pick(result.After))} |");
            log.WriteLine();
            log.WriteLine(string.Create(invariant,
                $"gradient turn |ĝ_c − ĝ_start| of the per-pair loss gradient over the {result.Before.Pairs.Count} pairs: {Row(Margins.Quantiles(result.GradientTurn))}"));
            log.WriteLine();
            log.WriteLine("| spread of fitness | n | mean | std | min | max |");
            log.WriteLine("|---|---:|---:|---:|---:|---:|");
            log.WriteLine(FitnessRow($"candidates at σ0 = {config.Es.Sigma0.ToString(invariant)}, shared seed", result.CandidateFitness));
            log.WriteLine(FitnessRow("search start, one seed each", result.SeedFitness));
            log.WriteLine();
            log.WriteLine(string.Create(invariant,
                $"leverage = candidate std / seed std = {result.CandidateSpread:F2} / {result.SeedSpread:F2} = {result.Leverage:F2} (threshold {threshold}); {result.Seconds:F0} s on {Environment.ProcessorCount} cores"));
        }
        Console.Out.WriteLine(string.Create(invariant, $"leverage: {(pass ? "PASS" : "FAIL")} ({result.Leverage:F2} {(pass ? "≥" : "<")} {threshold})"));
        return Task.FromResult(pass ? 0 : 1);
    }

    private static (string Label, Func<Margins, double[]> Pick)[] Quantities(SearchConfig config) =>
    [
        ("per-step log p = ℓ̄ − ℓ_max", m => Margins.Quantiles(m.LogP)),
        ("φ⁻¹ margin logit p_w − logit p_l", m => Margins.Quantiles(m.Margin)),
        ($"sigmoid argument β·margin (β = {config.Objective.MarginScale.ToString(CultureInfo.InvariantCulture)})", m => Margins.Quantiles(m.SigmoidArgument)),
    ];

    private static object MarginSummary(Margins m) => new
    {
        logP = Margins.Quantiles(m.LogP),
        margin = Margins.Quantiles(m.Margin),
        sigmoidArgument = Margins.Quantiles(m.SigmoidArgument),
    };

    private static string Row(double[] quantiles) => string.Join(" / ", quantiles.Select(q => q.ToString("G3", CultureInfo.InvariantCulture)));

    private static string FitnessRow(string label, double[] fitness)
    {
        var finite = fitness.Where(double.IsFinite).ToArray();
        if (finite.Length == 0) return $"| {label} | 0 | – | – | – | – |";
        return string.Create(CultureInfo.InvariantCulture,
            $"| {label} | {finite.Length} | {finite.Average():F2} | {LeverageResult.Std(finite):F2} | {finite.Min():F2} | {finite.Max():F2} |");
    }
}
