using System.CommandLine;
using System.Globalization;
using EvoPo.Coordinator.Datasets;
using EvoPo.Coordinator.Hosting;
using EvoPo.Simulation.Datasets;
using EvoPo.Simulation.Policies;
using EvoPo.Simulation.Tasks;

namespace EvoPo.Coordinator.Cli;

/// <summary>
/// <c>evopo dataset</c>: builds a preference dataset from an original and a target agent (math.md §5), in this process by
/// default, or with <c>--role coordinator</c> and the cluster options on the cluster's workers (<see cref="ClusterDatasetBuild"/>:
/// the same file, byte for byte).
/// </summary>
public sealed class DatasetCommand : CliCommand
{
    public const double DefaultNoise = 0.1;

    private readonly Option<string> _original = CliOptions.Text("--original", "AGENT.json", "the original agent", required: true);
    private readonly Option<string> _target = CliOptions.Text("--target", "AGENT.json", "the target agent", required: true);
    private readonly Option<string> _out = CliOptions.Text("--out", "FILE.evopods", "where the dataset is written", required: true);
    private readonly Option<string> _task = CliOptions.Choice("--task", "task whose true returns the judge compares", BuiltInTasks.Crawler3Leg, BuiltInTasks.Names);
    private readonly Option<int> _pairs = CliOptions.Int("--pairs", "N", "preference pairs", 128, 1, 1_000_000);
    private readonly Option<string> _variant = CliOptions.Choice("--variant", "which pairs and labels (math.md §5)", "base", ["base", "noisy", "mixed"]);
    private readonly Option<double?> _noise = CliOptions.OptionalDouble("--noise", "P",
        string.Create(CultureInfo.InvariantCulture, $"label-flip probability, noisy variant only (default {DefaultNoise})"), min: 0, max: 0.5);
    private readonly Option<double> _temperature = CliOptions.Double("--temperature", "T",
        "Bradley–Terry judge temperature ≥ 0; higher is a worse judge, 0 a perfect one", 1.0, min: 0);
    private readonly Option<ulong> _seed = CliOptions.UInt64("--seed", "N", "dataset seed", 11);
    private readonly Option<int> _episodeLength = CliOptions.Int("--episode-length", "N", "steps per trajectory", 100, 1, 1_000_000);
    private readonly ClusterArgs _cluster = new();

    public DatasetCommand() : base("dataset", "build a preference dataset (*.evopods) from the original and target agents", "",
        "evopo dataset --original agents/crawler-original.agent.json --target agents/crawler-target.agent.json " +
        "--task crawler-3leg --pairs 128 --variant noisy --noise 0.2 --out data/noisy-0.2.evopods",
        "evopo dataset --original agents/ant-original.agent.json --target agents/tla-target.agent.json --task tla --episode-length 1000 " +
        "--pairs 1280 --variant noisy --noise 0.2 --out data/tla-noisy.evopods --role coordinator --port 4053 --seeds 127.0.0.1:4053   # workers: evopo worker --seeds 127.0.0.1:4053")
    {
        CliOptions.Add(this, _original, _target, _out, _task, _pairs, _variant, _noise, _temperature, _seed, _episodeLength);
        _cluster.AddCoordinatorTo(this);
    }

    protected override async Task<int> RunAsync(ParseResult parse, CancellationToken cancellation)
    {
        var originalPath = parse.GetRequiredValue(_original);
        var targetPath = parse.GetRequiredValue(_target);
        var outPath = parse.GetRequiredValue(_out);
        var taskName = parse.GetRequiredValue(_task);
        var pairs = parse.GetValue(_pairs);
        var variantText = parse.GetRequiredValue(_variant);
        var temperature = parse.GetValue(_temperature);
        var seed = parse.GetValue(_seed);
        var episodeLength = parse.GetValue(_episodeLength);
        var variant = variantText switch
        {
            "noisy" => DatasetVariant.Noisy,
            "mixed" => DatasetVariant.Mixed,
            _ => DatasetVariant.Base,
        };
        if (variant != DatasetVariant.Noisy && parse.GetValue(_noise) is not null)
            throw new UsageException($"--noise only applies to --variant noisy (got --variant {variantText})");
        var noise = variant == DatasetVariant.Noisy ? parse.GetValue(_noise) ?? DefaultNoise : 0;
        var task = BuiltInTasks.Get(taskName, episodeLength);
        var cluster = ClusterNode(parse, task);

        var original = AgentFiles.Read(originalPath, "--original agent");
        var target = AgentFiles.Read(targetPath, "--target agent");
        if (original.Distribution != target.Distribution)
            throw new CliException($"--original agent '{originalPath}' is {PolicyDistributions.Name(original.Distribution)} but --target agent '{targetPath}' is " +
                $"{PolicyDistributions.Name(target.Distribution)}: one dataset stores one kind of action, so both agents need the same distribution");
        AgentFiles.EnsureFits(original, originalPath, "--original", task);
        AgentFiles.EnsureFits(target, targetPath, "--target", task);

        cancellation.ThrowIfCancellationRequested();
        var spec = new DatasetSpec(pairs, variant, noise, temperature, seed);
        DatasetSummaryData dataset;
        using (var progress = new ConsoleProgress(Console.Error, ConsoleProgress.Wanted(Console.IsErrorRedirected)))
        {
            try
            {
                // Streamed chunk by chunk: paper-scale datasets (TLA 1280 x 1000 steps, Hopper 5120 pairs) in bounded memory.
                // The file appears only once complete (written beside it, then renamed): an interrupted build leaves no half file.
                void Progress(int done)
                {
                    cancellation.ThrowIfCancellationRequested();
                    if (progress.Interactive) progress.Update($"{done}/{pairs} pairs", done, pairs);
                    else if (pairs > DatasetBuilder.DefaultChunkPairs || cluster is not null) Console.Error.WriteLine($"  {done}/{pairs} pairs");
                }
                if (cluster is { } node)
                {
                    var options = node.Options;
                    await using var http = Http.NodeHttpServer.StartIfRequested(ref options);
                    dataset = await ClusterDatasetBuild.RunAsync(options, task, (original, originalPath), (target, targetPath), spec, outPath, node.PairsPerUnit,
                        progress.WriteLine, Progress, cancellation);
                }
                else dataset = DatasetBuilder.BuildToFile(task, original, target, spec, outPath, progress: Progress);
            }
            catch (DatasetBuildException e)
            {
                throw new CliException($"dataset not built: {e.Message}; {outPath} not written (a file already there is unchanged)", e);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new CliException($"cannot write dataset file '{outPath}' ({e.Message})", e);
            }
            catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
            {
                progress.WriteLine($"stopped before the end: {outPath} not written (a file already there is unchanged)");
                throw;
            }
        }

        var s = Summarize(dataset);
        Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"wrote {outPath}: {dataset.Pairs} pairs, {variantText}{(variant == DatasetVariant.Noisy ? $" (noise {noise})" : "")}, task {taskName}, temperature {temperature}, seed {seed}"));
        Console.Out.WriteLine($"  content hash   {dataset.ContentHash}");
        Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  mean return    chosen {s.ChosenMean:F2}, rejected {s.RejectedMean:F2}; by agent: target {s.TargetMean:F2} ({s.TargetCount} trajectories), original {s.OriginalMean:F2} ({s.OriginalCount})"));
        Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  label agrees with the higher return in {s.AgreeFraction:P1} of pairs; {s.Flipped} labels flipped by noise"));
        if (s.TargetVsOriginalPairs > 0)
            Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  target trajectory has the higher return in {s.TargetBeatsOriginal}/{s.TargetVsOriginalPairs} target-vs-original pairs"));
        return 0;
    }

    /// <summary>
    /// The coordinator node of a cluster build and the pairs per unit for the task, or null for the single-process build.
    /// Cluster options without <c>--role coordinator</c> are refused: this process would otherwise ignore them.
    /// </summary>
    private (NodeOptions Options, int PairsPerUnit)? ClusterNode(ParseResult parse, TaskDescriptor task)
    {
        // The single-process build reads no cluster settings, not even the environment's (a worker's container may set them).
        if (!_cluster.IsCoordinatorOnly(parse))
        {
            if (_cluster.NamesACluster(parse))
                throw new UsageException("--seeds / --discovery / --contact-points build the dataset on the cluster's workers: add --role coordinator " +
                                         "(without it the build runs in this process)");
            return null;
        }
        // Workers journal nothing and neither does a build (it is rerun, not resumed): the node gets no journal.
        var options = _cluster.Read(parse, [NodeRoles.Coordinator], defaultJournal: null) with { Journal = null };
        var perUnit = DatasetUnits.PairsPerUnit(task) ?? throw new UsageException(string.Create(CultureInfo.InvariantCulture,
            $"--episode-length {task.EpisodeLength}: one pair of {task.Name} is {DatasetChunk.BytesPerPair(task.EpisodeLength, task.ObsDim, task.ActDim) / 1048576.0:F1} MiB, " +
            $"more than a work unit's answer may carry ({DatasetUnits.MaxPairBytes >> 20} MiB); build it without --role coordinator"));
        return (options, perUnit);
    }

    /// <summary>What the command prints about a dataset, as numbers.</summary>
    public sealed record DatasetSummary(
        double ChosenMean, double RejectedMean, double AgreeFraction, int Flipped,
        double TargetMean, int TargetCount, double OriginalMean, int OriginalCount,
        int TargetBeatsOriginal, int TargetVsOriginalPairs);

    public static DatasetSummary Summarize(PreferenceDataset d) => Summarize(DatasetSummaryData.Of(d));

    public static DatasetSummary Summarize(DatasetSummaryData d)
    {
        var n = d.Pairs;
        double chosen = 0, rejected = 0, target = 0, original = 0;
        int agree = 0, targetCount = 0, originalCount = 0, targetWins = 0, mixedPairs = 0;
        for (var p = 0; p < n; p++)
        {
            var (r1, r2) = (d.FirstReturns[p], d.SecondReturns[p]);
            var firstChosen = d.Labels[p] == PreferenceDataset.FirstPreferred;
            var (chosenReturn, rejectedReturn) = firstChosen ? (r1, r2) : (r2, r1);
            chosen += chosenReturn;
            rejected += rejectedReturn;
            if (chosenReturn >= rejectedReturn) agree++;
            foreach (var (source, r) in new[] { (d.FirstSources[p], r1), (d.SecondSources[p], r2) })
            {
                if (source == TrajectoryBlock.TargetSource) { target += r; targetCount++; }
                else { original += r; originalCount++; }
            }
            if (d.FirstSources[p] != d.SecondSources[p])
            {
                mixedPairs++;
                var (targetReturn, originalReturn) = d.FirstSources[p] == TrajectoryBlock.TargetSource ? (r1, r2) : (r2, r1);
                if (targetReturn > originalReturn) targetWins++;
            }
        }
        return new DatasetSummary(chosen / n, rejected / n, (double)agree / n, d.Flipped.Count(f => f),
            targetCount > 0 ? target / targetCount : double.NaN, targetCount,
            originalCount > 0 ? original / originalCount : double.NaN, originalCount, targetWins, mixedPairs);
    }
}
