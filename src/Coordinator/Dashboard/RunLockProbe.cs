namespace EvoPo.Coordinator.Dashboard;

/// <summary>
/// Asks whether a live process holds a run's lock (see <c>RunLock</c>) without creating or writing the file:
/// it opens it read-only; .NET takes a shared advisory lock for that, which fails while the search holds its exclusive one.
/// </summary>
public static class RunLockProbe
{
    public static bool IsHeld(string path)
    {
        try
        {
            using var probe = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
            return false;
        }
        catch (FileNotFoundException)
        {
            return false;
        }
        catch (DirectoryNotFoundException)
        {
            return false;
        }
        catch (IOException)
        {
            return true;
        }
    }
}
