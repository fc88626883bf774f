using System.Diagnostics;

namespace EvoPo.Simulation.Tasks.Mujoco;

/// <summary>
/// Threads that run the chunks of one batched step, the calling thread included. A step is a few ms of physics and
/// every step ends in a barrier, so what a thread pool costs per step (waking a parked worker, which on a VM is an
/// inter-processor interrupt) shows up as overhead against a plain C loop. These workers spin for a short while after
/// each step, so back-to-back steps find them awake, then park, so they leave the cores to the policy forward that runs
/// between steps. A worker parked for <see cref="IdleExit"/> ends and the next step starts it again: environments are
/// often dropped without Dispose (rollout engines are), and then neither threads nor the environment must stay behind.
/// </summary>
internal sealed class StepWorkers : IDisposable
{
    private static readonly long SpinTicks = Stopwatch.Frequency / 5000; // 200 µs

    private readonly int _workers;
    private readonly object _gate = new();
    private Work? _current;
    private int _generation, _running;
    private volatile bool _disposed;

    /// <param name="threads">Threads in all, the caller's included: up to <paramref name="threads"/> − 1 are started.</param>
    /// <param name="idleExit">How long a parked worker waits for the next step before it ends (default 1 s).</param>
    public StepWorkers(int threads, TimeSpan? idleExit = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 2);
        _workers = threads - 1;
        IdleExit = idleExit ?? TimeSpan.FromSeconds(1);
    }

    public TimeSpan IdleExit { get; }

    /// <summary>Worker threads alive now (for tests).</summary>
    internal int RunningWorkers
    {
        get { lock (_gate) return _running; }
    }

    /// <summary>Runs body(0) .. body(chunks − 1) across the workers and the caller; returns when all are done.</summary>
    public void Run(int chunks, Action<int> body)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var work = new Work(body, chunks);
        lock (_gate)
        {
            _current = work;
            var before = _generation++;
            for (; _running < _workers; _running++)
                new Thread(() => Loop(before)) { IsBackground = true, Name = "mujoco-step" }.Start();
            Monitor.PulseAll(_gate);
        }
        work.Help();
        var spinner = new SpinWait();
        while (Volatile.Read(ref work.Remaining) > 0) spinner.SpinOnce(sleep1Threshold: -1);
        // Parked workers must not keep the step's body (and through it the environment) reachable.
        Interlocked.CompareExchange(ref _current, null, work);
        if (work.Error is { } error) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(error);
    }

    private void Loop(int seen)
    {
        while (true)
        {
            var start = Stopwatch.GetTimestamp();
            var spinner = new SpinWait();
            while (Volatile.Read(ref _generation) == seen && !_disposed && Stopwatch.GetTimestamp() - start < SpinTicks)
                spinner.SpinOnce(sleep1Threshold: -1);
            Work? work;
            lock (_gate)
            {
                while (_generation == seen && !_disposed)
                    if (!Monitor.Wait(_gate, IdleExit) && _generation == seen)
                    {
                        _running--;
                        return;
                    }
                if (_disposed)
                {
                    _running--;
                    return;
                }
                seen = _generation;
                work = _current;
            }
            work?.Help();
            work = null; // nor may this frame while the worker parks (unoptimized builds keep locals alive)
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            Monitor.PulseAll(_gate);
        }
    }

    /// <summary>One step's chunks; a worker that arrives late finds none left, so steps never mix.</summary>
    private sealed class Work(Action<int> body, int chunks)
    {
        private readonly int _chunks = chunks;
        private int _next = -1;
        public int Remaining = chunks;
        public Exception? Error;

        public void Help()
        {
            int i;
            while ((i = Interlocked.Increment(ref _next)) < _chunks)
            {
                try
                {
                    body(i);
                }
                catch (Exception e)
                {
                    Interlocked.CompareExchange(ref Error, e, null);
                }
                Interlocked.Decrement(ref Remaining);
            }
        }
    }
}
