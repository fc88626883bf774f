namespace EvoPo.Coordinator.Runs;

/// <summary>
/// An exclusive lock on a run folder while a process drives the run. .NET takes an advisory lock (flock) for
/// FileShare.None on Unix, so the kernel releases it when the holder dies, even by SIGKILL: a stale file never
/// blocks a resume, and "is it running?" is a question the lock answers.
/// </summary>
public sealed class RunLock : IDisposable
{
    private readonly FileStream _stream;

    private RunLock(FileStream stream) => _stream = stream;

    public static RunLock? TryAcquire(string path)
    {
        try
        {
            var stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            stream.SetLength(0);
            var pid = System.Text.Encoding.ASCII.GetBytes($"{Environment.ProcessId}\n");
            stream.Write(pid);
            stream.Flush();
            return new RunLock(stream);
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>
    /// True when a live process holds the lock. Asks without creating or writing the file (status, runs and the dashboard
    /// only read a run folder): it opens it read-only; .NET takes a shared advisory lock for that, which fails while a
    /// driver holds its exclusive one.
    /// </summary>
    public static bool IsHeld(string path)
    {
        try
        {
            using var probe = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
            return false;
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return false;
        }
        catch (IOException)
        {
            return true;
        }
    }

    public void Dispose() => _stream.Dispose();
}
