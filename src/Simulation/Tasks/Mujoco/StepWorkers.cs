using System.Diagnostics;

namespace EvoPo.Simulation.Tasks.Mujoco;

/// <summary>
/// Dedicated threads that run the chunks of one batched step, the calling thread included. A step is a few ms of
/// physics and every step ends in a barrier, so what a thread pool costs per step (waking a parked worker, which on a
/// VM is an inter-processor interrupt) shows up as overhead against a plain C loop. These workers spin for a short
/// while after each step, so back-to-back steps find them awake, and park after that, so they do not take the cores
/// from the policy forward that runs between steps.
/// </summary>
internal sealed class StepWorkers : IDisposable
{
    private static readonly long SpinTicks = Stopwatch.Frequency / 5000; // 200 µs

    private readonly Thread[] _threads;
    private readonly object _gate = new();
    private Work? _current;
    private int _generation;
    private volatile bool _disposed;

    /// <param name="threads">Threads in all, the caller's included: <paramref name="threads"/> − 1 are started.</param>
    public StepWorkers(int threads)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 2);
        _threads = new Thread[threads - 1];
        for (var i = 0; i < _threads.Length; i++)
        {
            _threads[i] = new Thread(Loop) { IsBackground = true, Name = $"mujoco-step-{i + 1}" };
            _threads[i].Start();
        }
    }

    /// <summary>Runs body(0) .. body(chunks − 1) across the workers and the caller; returns when all are done.</summary>
    public void Run(int chunks, Action<int> body)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var work = new Work(body, chunks);
        lock (_gate)
        {
            Volatile.Write(ref _current, work);
            _generation++;
            Monitor.PulseAll(_gate);
        }
        work.Help();
        var spinner = new SpinWait();
        while (Volatile.Read(ref work.Remaining) > 0) spinner.SpinOnce(sleep1Threshold: -1);
        if (work.Error is { } error) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(error);
    }

    private void Loop()
    {
        var seen = 0;
        while (true)
        {
            var start = Stopwatch.GetTimestamp();
            var spinner = new SpinWait();
            while (Volatile.Read(ref _generation) == seen && !_disposed)
            {
                if (Stopwatch.GetTimestamp() - start < SpinTicks)
                {
                    spinner.SpinOnce(sleep1Threshold: -1);
                    continue;
                }
                lock (_gate)
                    while (_generation == seen && !_disposed) Monitor.Wait(_gate);
            }
            if (_disposed) return;
            Work? work;
            lock (_gate)
            {
                seen = _generation;
                work = _current;
            }
            work?.Help();
        }
    }

    public void Dispose()
    {
        if (_disposed) return;
        lock (_gate)
        {
            _disposed = true;
            Monitor.PulseAll(_gate);
        }
        foreach (var thread in _threads) thread.Join();
    }

    /// <summary>One step's chunks; a worker that arrives late finds none left, so steps never mix.</summary>
    private sealed class Work(Action<int> body, int chunks)
    {
        private int _next = -1;
        public int Remaining = chunks;
        public Exception? Error;
        private readonly int _chunks = chunks;

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
