using System.Globalization;
using EvoPo.Coordinator.Es;
using EvoPo.Simulation.Policies;
using EvoPo.Simulation.Tasks;

namespace EvoPo.Coordinator.Pretrain;

/// <summary>
/// Everything that determines a pretraining run besides the start agent. Two runs with equal settings and
/// the same start agent produce the same agent bit for bit (on one machine image), however many workers
/// share the run and however its generations are cut into units.
/// </summary>
public sealed record PretrainSettings
{
    /// <summary>Built-in task whose true return is the fitness (<see cref="BuiltInTasks.Names"/>).</summary>
    public required string Task { get; init; }

    public int EpisodeLength { get; init; } = 100;

    /// <summary>Hidden layer widths of a fresh policy; a start agent must have the same.</summary>
    public int[] Hidden { get; init; } = [32, 32];

    /// <summary>Floor of the policy's standard deviation (math.md §1); a start agent brings its own.</summary>
    public double StdMin { get; init; } = 0.05;

    /// <summary>
    /// Initial logStd of every action dimension (std = StdMin + exp(logStd)). Null: a fresh policy starts at
    /// <see cref="DefaultLogStdInit"/> and a start agent keeps its own; a value also replaces a start agent's, which is
    /// how an agent trained on mean actions (whose logStd never moved) is given a usable std for sampled actions.
    /// −0.5 (std ≈ 0.66) makes sampled actions cost more than MuJoCo Ant's healthy bonus in control cost (≈ 1.7 per
    /// step), so sampled-action fitness there rewards falling early; −2 (std ≈ 0.19) costs ≈ 0.14 per step.
    /// </summary>
    public double? LogStdInit { get; init; }

    public const double DefaultLogStdInit = -0.5;

    /// <summary>
    /// The policy's distribution. Null: tanh-gaussian for a fresh policy (its log-probs are of the executed action), a start
    /// agent's own otherwise; a value also reinterprets a start agent's parameters under it.
    /// </summary>
    public PolicyDistribution? Distribution { get; init; }

    public PolicyDistribution DistributionFor(Agent? start) => Distribution ?? start?.Distribution ?? PolicyDistribution.TanhGaussian;

    public int Generations { get; init; } = 150;

    /// <summary>ES candidates per generation (even: antithetic pairs).</summary>
    public int Population { get; init; } = 48;

    /// <summary>Episodes per candidate per generation; all candidates of a generation share them.</summary>
    public int Episodes { get; init; } = 8;

    /// <summary>
    /// False (the default): fitness is the return of sampled actions, so the agent learns to behave well
    /// when sampled, which is how datasets are generated. True: the return of the mean action.
    /// </summary>
    public bool Deterministic { get; init; }

    /// <summary>
    /// Subtracted from the ES fitness per step an episode lasts (training only; every return printed or recorded is
    /// the true one). Mania et al. 2018 (ARS) use 1 on Hopper and Ant: it cancels the healthy bonus of 1 per step,
    /// whose easy optimum, standing still for 1000 steps, otherwise traps ES at a return of ≈ 1000.
    /// </summary>
    public double AliveShift { get; init; }

    /// <summary>Held-out episodes for the fitness recorded in the agent's provenance.</summary>
    public int FinalEpisodes { get; init; } = 64;

    public ulong Seed { get; init; } = 1;

    public double LearningRate { get; init; } = 0.03;

    public double Sigma0 { get; init; } = 0.05;

    /// <summary>The strategy over the policy's parameters (docs/strategies.md); openai-es as before strategies were a choice.</summary>
    public StrategyKind Strategy { get; init; } = StrategyKind.OpenAiEs;

    /// <summary>The mean's optimizer for openai-es and pgpe; null is the method's own (adam, clipup).</summary>
    public OptimizerKind? Optimizer { get; init; }

    /// <summary>σ's learning rate for pgpe and snes; null is the method's own.</summary>
    public double? SigmaLearningRate { get; init; }

    /// <summary>Throws <see cref="ArgumentException"/> naming the first field out of range.</summary>
    public PretrainSettings Validate()
    {
        if (!BuiltInTasks.Names.Contains(Task))
            throw new ArgumentException($"unknown task '{Task}'; valid tasks: {string.Join(", ", BuiltInTasks.Names)}", nameof(Task));
        Check(EpisodeLength > 0, nameof(EpisodeLength), EpisodeLength, "> 0");
        ArgumentNullException.ThrowIfNull(Hidden);
        Check(Hidden.All(h => h > 0), nameof(Hidden), $"[{string.Join(",", Hidden)}]", "positive widths");
        Check(StdMin > 0 && double.IsFinite(StdMin), nameof(StdMin), StdMin, "a finite number > 0");
        Check(LogStdInit is null || (double.IsFinite(LogStdInit.Value) && LogStdInit is >= -20 and <= 5), nameof(LogStdInit), LogStdInit ?? 0, "in [−20, 5]");
        Check(double.IsFinite(AliveShift) && AliveShift >= 0, nameof(AliveShift), AliveShift, "a finite number ≥ 0");
        Check(Generations >= 0, nameof(Generations), Generations, "≥ 0");
        Check(Episodes > 0, nameof(Episodes), Episodes, "> 0");
        Check(FinalEpisodes > 0, nameof(FinalEpisodes), FinalEpisodes, "> 0");
        EsSettings().Validate();
        return this;
    }

    /// <summary>
    /// The strategy's settings. The learning rate is the mean's optimizer's, so snes and the CMA-ES variants (which move
    /// their mean by their own rule) refuse one other than the default, as they refuse the σ floor.
    /// </summary>
    internal EsSettings EsSettings()
    {
        var usesOptimizer = Strategy is StrategyKind.OpenAiEs or StrategyKind.Pgpe;
        var defaults = new EsSettings { Population = Population };
        return new EsSettings
        {
            Strategy = Strategy,
            Population = Population,
            LearningRate = usesOptimizer ? LearningRate : defaults.LearningRate,
            Sigma0 = Sigma0,
            SigmaMin = usesOptimizer ? Math.Min(0.001, Sigma0) : defaults.SigmaMin,
            Optimizer = Optimizer,
            SigmaLearningRate = SigmaLearningRate,
        };
    }

    private static void Check(bool ok, string field, object value, string allowed)
    {
        if (!ok) throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"{field} must be {allowed}, got {value}"), field);
    }
}
