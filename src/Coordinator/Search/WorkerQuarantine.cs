namespace EvoPo.Coordinator.Search;

/// <summary>
/// Which workers a run keeps away from its units for a while because their units keep failing (pure; the time is passed
/// in). <paramref name="failuresInARow"/> failures of one worker without a success in between quarantine it for
/// <paramref name="first"/>; each later quarantine of the same worker lasts twice the one before, up to
/// <paramref name="longest"/>; a success forgets its history. A broken worker (a bad GPU, a full disk) then stops
/// eating its units' attempts, while an input that fails everywhere still fails the run by the per-unit rule.
/// </summary>
public sealed class WorkerQuarantine(int failuresInARow, TimeSpan first, TimeSpan longest)
{
    private readonly Dictionary<string, Record> _workers = new(StringComparer.Ordinal);

    /// <summary>Counts a failed unit; returns when the quarantine it starts ends, or null when it starts none.</summary>
    public DateTimeOffset? Failed(string worker, DateTimeOffset now)
    {
        var record = _workers.TryGetValue(worker, out var known) ? known : _workers[worker] = new Record();
        // Units that were running when it was quarantined may still fail: they say nothing new about the worker.
        if (record.Until > now) return null;
        if (++record.FailuresInARow < failuresInARow) return null;
        record.FailuresInARow = 0;
        var length = TimeSpan.FromTicks(Math.Min(longest.Ticks, first.Ticks * (1L << Math.Min(record.Quarantines, 30))));
        record.Quarantines++;
        record.Until = now + length;
        return record.Until;
    }

    /// <summary>A unit of the worker succeeded: its failures in a row and its back-off start over.</summary>
    public void Succeeded(string worker) => _workers.Remove(worker);

    public bool IsQuarantined(string worker, DateTimeOffset now) => _workers.TryGetValue(worker, out var record) && record.Until > now;

    private sealed class Record
    {
        public int FailuresInARow;
        public int Quarantines;
        public DateTimeOffset Until = DateTimeOffset.MinValue;
    }
}
