namespace EvoPo.GpuWorker.Node;

/// <summary>
/// How many units this process's entities are running now: a worker that drains (SIGTERM) waits for it to reach 0
/// before it leaves, so that no unit it started is lost with it.
/// </summary>
public static class RunningUnits
{
    private static int _count;

    public static int Count => Volatile.Read(ref _count);

    public static void Started() => Interlocked.Increment(ref _count);

    public static void Ended() => Interlocked.Decrement(ref _count);
}
