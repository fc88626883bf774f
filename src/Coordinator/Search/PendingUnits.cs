using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace EvoPo.Coordinator.Search;

/// <summary>
/// Work units still without a result, as two observable gauges of a meter: <c>pending_units{run}</c>, per run this
/// process hosts, and <c>pending_units_all</c>, their sum, always reported (0 when no run is hosted or every run has
/// ended). The sum is what an autoscaler reads: a series that is there at 0 lets it tell "nothing to do" (scale to zero)
/// from "no data" (Prometheus lost the coordinator, or the query is wrong), which a per-run series cannot say when
/// no run exists.
/// </summary>
public sealed class PendingUnits
{
    private readonly ConcurrentDictionary<string, int> _pending = new();
    private readonly ConcurrentDictionary<string, long> _endedAt = new();
    private readonly TimeSpan _endedRunsReportZeroFor;

    /// <param name="meter">Where the two gauges are created.</param>
    /// <param name="endedRunsReportZeroFor">How long an ended run's own series keeps reading 0 before it is no longer reported.</param>
    public PendingUnits(Meter meter, TimeSpan endedRunsReportZeroFor)
    {
        _endedRunsReportZeroFor = endedRunsReportZeroFor;
        meter.CreateObservableGauge("pending_units", ObservePerRun,
            description: "work units of the current generation (or report phase) without a result yet, per run");
        meter.CreateObservableGauge("pending_units_all", ObserveAll,
            description: "work units without a result yet, summed over every run this coordinator hosts (0 when none runs)");
    }

    public void Set(string runId, int units)
    {
        _endedAt.TryRemove(runId, out _);
        _pending[runId] = units;
    }

    /// <summary>The run's series reads 0 for the configured time, then is no longer reported; it adds 0 to the sum at once.</summary>
    public void Ended(string runId)
    {
        _pending[runId] = 0;
        _endedAt[runId] = Stopwatch.GetTimestamp();
    }

    // An exporter keeps the last value of a series nobody reports any more: an ended run reports 0 for a while, so a
    // sum over the per-run series drops at once, and is then forgotten (its series expires).
    private IEnumerable<Measurement<int>> ObservePerRun()
    {
        ForgetLongEndedRuns();
        return _pending.Select(p => new Measurement<int>(p.Value, new KeyValuePair<string, object?>("run", p.Key))).ToArray();
    }

    private Measurement<long> ObserveAll()
    {
        ForgetLongEndedRuns();
        return new Measurement<long>(_pending.Values.Sum(units => (long)units));
    }

    private void ForgetLongEndedRuns()
    {
        foreach (var (run, at) in _endedAt)
            if (Stopwatch.GetElapsedTime(at) > _endedRunsReportZeroFor && _endedAt.TryRemove(new KeyValuePair<string, long>(run, at)))
                _pending.TryRemove(new KeyValuePair<string, int>(run, 0));
    }
}
