using EvoPo.Coordinator.Es;
using EvoPo.Coordinator.Config;
using EvoPo.Messages.Search;

namespace EvoPo.Coordinator.Dashboard;

/// <summary>
/// Folds one run's journal events, in order, into what the dashboard shows. Pure: no I/O, no clock; each unit
/// counts once per (generation, unit index) whatever number of times its result was journaled.
/// </summary>
public sealed class RunProgress(string runId)
{
    private readonly List<GenerationPoint> _history = [];
    private readonly Dictionary<(int Generation, int Unit), UnitCompleted> _units = [];
    private RunCreated? _created;
    private int _generations;
    private int _population;
    private int _seeds = 1;
    private string? _strategy;
    private string? _kind;
    private int _unitSize = 1;
    private string? _finishedDigest;
    private string? _failure;
    private double? _best;

    public string RunId { get; } = runId;

    /// <summary>Sequence number of the last event applied (0: none); the next read starts after it.</summary>
    public long SequenceNr { get; private set; }

    public bool Finished => _finishedDigest is not null;

    public bool Failed => _failure is not null;

    public bool Created => _created is not null;

    /// <summary>Why the run's journal events could not be read at the last attempt, or null; the run shows as unreadable.</summary>
    public string? Unreadable { get; set; }

    /// <summary>The task's episode length from the run's config (trajectory length of the landscape's ℓ), 100 while unknown.</summary>
    public int EpisodeLength { get; private set; } = 100;

    /// <summary>Applies the event journaled at <paramref name="sequenceNr"/>; events at or below <see cref="SequenceNr"/> are ignored.</summary>
    public void Apply(long sequenceNr, object entry)
    {
        if (sequenceNr <= SequenceNr) return;
        SequenceNr = sequenceNr;
        switch (entry)
        {
            case RunCreated created:
                _created = created;
                try
                {
                    var config = SearchConfigLoader.Parse(created.ConfigYaml, $"config stored in the journal of run {created.RunId}");
                    (_generations, _population, _seeds, _unitSize) = (config.Es.Generations, config.Es.Population, config.Training.SeedsPerCandidate, config.Work.UnitSize);
                    _strategy = StrategyNames.Of(config.Es.Strategy);
                    _kind = RunKind.Of(config);
                    EpisodeLength = config.Task.EpisodeLength;
                }
                catch (ConfigException)
                {
                    // An old or foreign config: the counts stay unknown (0), the curves still draw.
                }
                break;
            case UnitCompleted unit:
                _units[(unit.Id.Generation, unit.Id.UnitIndex)] = unit;
                break;
            case GenerationCompleted g:
                _history.RemoveAll(h => h.Generation == g.Generation);
                _history.Add(new GenerationPoint(g.Generation, Finite(g.MeanFitness), Finite(g.MaxFitness), Finite(g.MinFitness),
                    g.Sigma, g.FailedCandidates, g.WallSeconds, g.ComputeSeconds));
                if (Finite(g.MaxFitness) is { } max && (_best is null || max > _best)) _best = max;
                break;
            case RunFinished finished:
                _finishedDigest = finished.MeanDigest;
                break;
            case RunFailed failed:
                _failure = failed.Reason;
                break;
            case RunReopened:
                _failure = null;
                break;
        }
    }

    /// <param name="running">Whether a live process holds the run (its lock); the journal alone cannot tell.</param>
    public RunView View(bool running, long version, string? landscapeVersion)
    {
        var generation = _history.Count == 0 ? 0 : _history.Max(h => h.Generation) + 1;
        var state = Unreadable is not null ? "unreadable"
            : _failure is not null ? "failed"
            : _finishedDigest is not null ? "finished"
            : running ? "running"
            : _created is null ? "unknown"
            : "stopped";
        var unitsPerGeneration = _population == 0 ? 0 : (_population * _seeds + _unitSize - 1) / _unitSize;
        var workers = _units
            .GroupBy(u => u.Value.Worker)
            .Select(w => new WorkerThroughput(
                w.Key,
                w.Count(),
                w.Sum(u => u.Value.Fitness.Length),
                w.Average(u => u.Value.TrainSeconds + u.Value.EvalSeconds),
                w.Average(u => u.Value.TrainSeconds),
                w.Average(u => u.Value.EvalSeconds)))
            .OrderBy(w => w.Worker, StringComparer.Ordinal)
            .ToArray();
        return new RunView(RunId, state, generation, _generations, _population, unitsPerGeneration,
            _units.Keys.Count(k => k.Generation == generation), _best, Unreadable ?? _failure, _created?.CreatedUtc,
            _history.OrderBy(h => h.Generation).ToArray(), workers, version, landscapeVersion, _strategy, _kind);
    }

    private static double? Finite(double value) => double.IsFinite(value) ? value : null;
}
