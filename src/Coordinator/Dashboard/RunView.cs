namespace EvoPo.Coordinator.Dashboard;

/// <summary>What the dashboard shows of one run, as its JSON endpoints serve it (camelCase).</summary>
/// <param name="State">running, stopped, finished, failed, unreadable (its journal events cannot be read), or unknown (no
/// RunCreated in the journal yet).</param>
/// <param name="FailureReason">Why the run failed or is unreadable.</param>
/// <param name="Generation">Generations completed.</param>
/// <param name="UnitsDoneInGeneration">Units of the generation under way whose results are journaled.</param>
/// <param name="Version">Changes whenever anything shown changes (new events, state, best.json).</param>
/// <param name="LandscapeVersion">Null while the run has no best.json; otherwise changes with it (the image's cache key).</param>
/// <param name="Strategy">The ES strategy of the run's config (openai-es, pgpe, snes, sep-cma-es, cma-es); null while unknown.</param>
/// <param name="Kind">search (a loss) or pretrain (a policy, <c>evopo pretrain</c>); null while unknown.</param>
public sealed record RunView(
    string RunId,
    string State,
    int Generation,
    int Generations,
    int Population,
    int UnitsPerGeneration,
    int UnitsDoneInGeneration,
    double? BestFitness,
    string? FailureReason,
    DateTime? CreatedUtc,
    IReadOnlyList<GenerationPoint> History,
    IReadOnlyList<WorkerThroughput> Workers,
    long Version,
    string? LandscapeVersion,
    string? Strategy = null,
    string? Kind = null);

/// <summary>One completed generation: the fitness spread, σ and time taken.</summary>
public sealed record GenerationPoint(
    int Generation,
    double? MeanFitness,
    double? MaxFitness,
    double? MinFitness,
    double Sigma,
    int FailedCandidates,
    double WallSeconds,
    double ComputeSeconds);

/// <summary>Units one worker (by Akka address) ran for the run, and their mean time (train + eval).</summary>
public sealed record WorkerThroughput(
    string Worker,
    int Units,
    int Candidates,
    double MeanUnitSeconds,
    double MeanTrainSeconds,
    double MeanEvalSeconds);

/// <summary>One row of the run list.</summary>
public sealed record RunSummary(string RunId, string State, int Generation, int Generations, double? BestFitness, long Version);
