using System.Globalization;
using EvoPo.Messages.Search;

namespace EvoPo.Coordinator.Cli;

/// <summary>The per-worker part of `evopo status`: who ran this run's units, how many, and when each was last heard from.</summary>
public static class WorkerTable
{
    public static void Write(TextWriter output, IReadOnlyCollection<WorkerTally> workers, DateTimeOffset now)
    {
        if (workers.Count == 0) return;
        output.WriteLine("workers");
        output.WriteLine($"  {"address",-44} {"capacity",8} {"units",6} {"compute s",10}  last seen");
        foreach (var w in workers)
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {w.Address,-44} {(w.Capacity > 0 ? w.Capacity.ToString(CultureInfo.InvariantCulture) : "?"),8} {w.Units,6} {w.ComputeSeconds,10:F1}  {LastSeen(w, now)}"));
    }

    private static string LastSeen(WorkerTally worker, DateTimeOffset now)
    {
        if (worker.LastSeenUnixMs <= 0) return "unknown";
        var at = DateTimeOffset.FromUnixTimeMilliseconds(worker.LastSeenUnixMs);
        var ago = now - at;
        var agoText = ago.TotalSeconds < 90 ? $"{ago.TotalSeconds:F0} s ago"
            : ago.TotalMinutes < 90 ? $"{ago.TotalMinutes:F0} min ago"
            : ago.TotalHours < 48 ? $"{ago.TotalHours:F0} h ago"
            : $"{ago.TotalDays:F0} days ago";
        return $"{at.UtcDateTime:yyyy-MM-dd HH:mm:ss}Z ({agoText})";
    }
}
