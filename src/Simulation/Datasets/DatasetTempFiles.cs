using System.Diagnostics;
using System.Globalization;

namespace EvoPo.Simulation.Datasets;

/// <summary>
/// The hidden file a dataset is written to before it is renamed over its path: <c>.NAME.tmp-PID-GUID</c> beside it.
/// A build killed hard (SIGKILL, OOM, power loss) cannot delete its own, and at paper scale one is hundreds of MB,
/// so the next write to the same path removes those whose process is gone.
/// </summary>
public static class DatasetTempFiles
{
    /// <summary>A new temp path for <paramref name="path"/> owned by this process; stale ones are removed first.</summary>
    public static string Create(string path)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(directory);
        RemoveStale(path);
        return Path.Combine(directory, $"{Prefix(path)}{Environment.ProcessId}-{Guid.NewGuid():N}");
    }

    /// <summary>
    /// Deletes the temp files of <paramref name="path"/> whose writer process no longer runs and returns their paths.
    /// A live writer's file is kept (another build to the same path may be running); a reused pid only keeps a
    /// stale file a little longer.
    /// </summary>
    public static IReadOnlyList<string> RemoveStale(string path)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        if (!Directory.Exists(directory)) return [];
        var removed = new List<string>();
        var prefix = Prefix(path);
        foreach (var file in Directory.EnumerateFiles(directory, prefix + "*"))
        {
            var rest = Path.GetFileName(file)[prefix.Length..];
            var dash = rest.IndexOf('-');
            if (dash <= 0 || !int.TryParse(rest.AsSpan(0, dash), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)) continue;
            if (pid == Environment.ProcessId || IsRunning(pid)) continue;
            try
            {
                File.Delete(file);
                removed.Add(file);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Not ours to remove after all (another user's, or read-only): leave it.
            }
        }
        return removed;
    }

    private static string Prefix(string path) => $".{Path.GetFileName(path)}.tmp-";

    private static bool IsRunning(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }
}
