using EvoPo.Simulation.Tasks.Mujoco;

namespace EvoPo.Simulation.Tests.Mujoco;

public class StepWorkersTests
{
    [Theory]
    [InlineData(2, 1)]
    [InlineData(2, 32)]
    [InlineData(3, 7)]
    public void Every_chunk_of_every_step_runs_exactly_once(int threads, int chunks)
    {
        using var workers = new StepWorkers(threads);
        var counts = new int[chunks];
        for (var step = 0; step < 2000; step++)
        {
            var expected = step;
            workers.Run(chunks, i =>
            {
                // A chunk from an earlier step running late would see a count already past this step.
                Assert.Equal(expected, Volatile.Read(ref counts[i]));
                Interlocked.Increment(ref counts[i]);
            });
            Assert.All(counts, c => Assert.Equal(step + 1, c));
        }
    }

    [Fact]
    public void A_failing_chunk_fails_the_step_after_the_others_finished_and_the_workers_go_on()
    {
        using var workers = new StepWorkers(2);
        var done = 0;
        var error = Assert.Throws<InvalidOperationException>(() => workers.Run(8, i =>
        {
            if (i == 3) throw new InvalidOperationException("chunk 3");
            Interlocked.Increment(ref done);
        }));
        Assert.Equal("chunk 3", error.Message);
        Assert.Equal(7, done);
        var after = 0;
        workers.Run(4, _ => Interlocked.Increment(ref after));
        Assert.Equal(4, after);
    }

    [Fact]
    public void Idle_workers_end_and_the_next_step_starts_them_again()
    {
        using var workers = new StepWorkers(3, idleExit: TimeSpan.FromMilliseconds(50));
        workers.Run(4, _ => { });
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (workers.RunningWorkers > 0 && DateTime.UtcNow < deadline) Thread.Sleep(10);
        Assert.Equal(0, workers.RunningWorkers);
        var after = 0;
        workers.Run(16, _ => Interlocked.Increment(ref after));
        Assert.Equal(16, after);
        Assert.Equal(2, workers.RunningWorkers);
    }

    [Fact]
    public void A_dropped_environment_is_not_kept_alive_by_the_workers()
    {
        var environment = DropAfterOneStep(new StepWorkers(2, idleExit: TimeSpan.FromMinutes(5)));
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        Assert.False(environment.IsAlive);
    }

    // A separate method so no local of the caller keeps the step's target reachable.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static WeakReference DropAfterOneStep(StepWorkers workers)
    {
        var target = new object[1];
        workers.Run(4, i => target[0] = i);
        return new WeakReference(target);
    }

    [Fact]
    public void Workers_park_when_idle_and_still_answer_the_next_step()
    {
        using var workers = new StepWorkers(2);
        Thread.Sleep(50); // far past the spin window: the worker is parked
        var threadsSeen = new System.Collections.Concurrent.ConcurrentDictionary<int, bool>();
        // 50 chunks of 2 ms: the caller alone would need 100 ms, time enough for the parked worker to wake and help.
        workers.Run(50, _ => { threadsSeen[Environment.CurrentManagedThreadId] = true; Thread.Sleep(2); });
        Assert.Equal(2, threadsSeen.Count);
        workers.Dispose();
        Assert.Throws<ObjectDisposedException>(() => workers.Run(1, _ => { }));
    }
}
