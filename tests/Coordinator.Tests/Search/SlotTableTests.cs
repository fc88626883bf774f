using EvoPo.Coordinator.Search;
using EvoPo.GpuWorker.Node;
using EvoPo.Messages.Work;

namespace EvoPo.Coordinator.Tests.Search;

public sealed class SlotTableTests
{
    private const string A = "akka.tcp://evopo@10.0.0.1:4053";
    private const string B = "akka.tcp://evopo@10.0.0.2:4053";

    private static UnitId Unit(int index) => new("run", 0, index);

    private static string? Worker(string? slot) => slot is null ? null : WorkerSlots.WorkerKeyOfSlot(slot);

    [Fact]
    public void Units_in_flight_never_exceed_the_capacity_and_a_freed_slot_is_reused()
    {
        var slots = new SlotTable();
        Assert.Null(slots.Assign(Unit(0)));
        slots.SetWorkers([(A, 2)]);
        var a = slots.Assign(Unit(0));
        var b = slots.Assign(Unit(1));
        Assert.NotNull(a);
        Assert.NotNull(b);
        Assert.NotEqual(a, b);
        Assert.Null(slots.Assign(Unit(2)));
        Assert.Equal(a, slots.Assign(Unit(0)));
        slots.Release(Unit(0));
        Assert.Equal(a, slots.Assign(Unit(2)));
    }

    [Fact]
    public void Slots_are_named_after_their_worker_and_a_half_empty_table_spreads_over_workers()
    {
        var slots = new SlotTable();
        slots.SetWorkers([(B, 2), (A, 2)]);
        Assert.Equal(4, slots.Capacity);
        Assert.Equal("10.0.0.1_4053-0", slots.Assign(Unit(0)));
        Assert.Equal("10.0.0.2_4053-0", slots.Assign(Unit(1)));
        Assert.Equal("10.0.0.1_4053-1", slots.Assign(Unit(2)));
    }

    [Fact]
    public void The_next_unit_goes_to_the_worker_that_freed_its_slot_so_a_faster_worker_gets_more()
    {
        var slots = new SlotTable();
        slots.SetWorkers([(A, 1), (B, 1)]);
        slots.Assign(Unit(0));
        var onB = slots.Assign(Unit(1));
        slots.Release(Unit(1));
        Assert.Equal(onB, slots.Assign(Unit(2)));
        slots.Release(Unit(2));
        Assert.Equal(onB, slots.Assign(Unit(3)));
    }

    [Fact]
    public void A_joining_worker_brings_free_slots_and_running_units_stay_where_they_are()
    {
        var slots = new SlotTable();
        slots.SetWorkers([(A, 1)]);
        var running = slots.Assign(Unit(0));
        Assert.Null(slots.Assign(Unit(1)));
        Assert.Empty(slots.SetWorkers([(A, 1), (B, 1)]));
        Assert.Equal(running, slots.SlotOf(Unit(0)));
        Assert.Equal("10.0.0.2_4053", Worker(slots.Assign(Unit(1))));
    }

    [Fact]
    public void A_worker_that_leaves_returns_its_units_which_then_go_to_the_remaining_workers()
    {
        var slots = new SlotTable();
        slots.SetWorkers([(A, 1), (B, 1)]);
        slots.Assign(Unit(0));
        slots.Assign(Unit(1));

        Assert.Equal([Unit(1)], slots.RemoveWorker(B));
        Assert.Null(slots.SlotOf(Unit(1)));
        Assert.Equal(1, slots.Capacity);
        Assert.Null(slots.Assign(Unit(1)));
        slots.Release(Unit(0));
        Assert.Equal("10.0.0.1_4053", Worker(slots.Assign(Unit(1))));

        // The same loss seen through a pool update instead.
        slots.SetWorkers([(A, 1), (B, 1)]);
        slots.Assign(Unit(2));
        Assert.Equal([Unit(2)], slots.SetWorkers([(A, 1)]));
    }

    [Fact]
    public void A_unit_that_failed_on_a_worker_waits_for_another_workers_slot_rather_than_going_back()
    {
        var slots = new SlotTable();
        slots.SetWorkers([(A, 1), (B, 1)]);
        Assert.Equal(Worker(WorkerSlots.Name(B, 0)), Worker(slots.Assign(Unit(1), avoidWorker: A)));
        Assert.Null(slots.Assign(Unit(2), avoidWorker: A));
        Assert.Equal(Worker(WorkerSlots.Name(A, 0)), Worker(slots.Assign(Unit(3))));
    }

    [Fact]
    public void A_unit_that_failed_on_the_only_worker_goes_back_to_it()
    {
        var slots = new SlotTable();
        slots.SetWorkers([(A, 1)]);
        Assert.Equal(Worker(WorkerSlots.Name(A, 0)), Worker(slots.Assign(Unit(0), avoidWorker: A)));
    }
}
