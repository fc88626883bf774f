using EvoPo.Coordinator.Hosting;

namespace EvoPo.Coordinator.Tests.Hosting;

public sealed class CoordinatorWatchTests
{
    private static readonly DateTime T0 = new(2026, 11, 23, 10, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void A_worker_started_before_any_coordinator_waits_for_one()
    {
        var watch = new CoordinatorWatch(TimeSpan.FromSeconds(10));
        Assert.False(watch.Observe(coordinatorUp: false, T0));
        Assert.False(watch.Observe(coordinatorUp: false, T0.AddHours(1)));
    }

    [Fact]
    public void Losing_the_coordinator_counts_from_when_it_was_last_up()
    {
        var watch = new CoordinatorWatch(TimeSpan.FromSeconds(10));
        Assert.False(watch.Observe(coordinatorUp: true, T0));
        Assert.False(watch.Observe(coordinatorUp: false, T0.AddSeconds(10)));
        Assert.True(watch.Observe(coordinatorUp: false, T0.AddSeconds(10.5)));
    }

    [Fact]
    public void A_coordinator_back_in_time_resets_the_clock()
    {
        var watch = new CoordinatorWatch(TimeSpan.FromSeconds(10));
        watch.Observe(coordinatorUp: true, T0);
        watch.Observe(coordinatorUp: true, T0.AddSeconds(9));
        Assert.False(watch.Observe(coordinatorUp: false, T0.AddSeconds(18)));
    }
}
