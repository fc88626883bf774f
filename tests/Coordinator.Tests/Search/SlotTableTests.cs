using EvoPo.Coordinator.Search;
using EvoPo.Messages.Work;

namespace EvoPo.Coordinator.Tests.Search;

public sealed class SlotTableTests
{
    private static UnitId Unit(int index) => new("run", 0, index);

    [Fact]
    public void Units_in_flight_never_exceed_the_capacity_and_a_freed_slot_is_reused()
    {
        var slots = new SlotTable();
        Assert.Null(slots.Assign(Unit(0)));
        slots.SetCapacity(2);
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
    public void A_pool_change_names_new_slots_and_keeps_running_units_where_they_are()
    {
        var slots = new SlotTable();
        slots.SetCapacity(1);
        var running = slots.Assign(Unit(0));
        slots.SetCapacity(2);
        Assert.Equal(running, slots.SlotOf(Unit(0)));
        var added = slots.Assign(Unit(1));
        Assert.NotNull(added);
        Assert.NotEqual(running![..2], added![..2]);
        Assert.Null(slots.Assign(Unit(2)));
        slots.SetCapacity(1);
        slots.Release(Unit(1));
        // Still one unit running on the old slot: shrinking to 1 leaves no room for another.
        Assert.Null(slots.Assign(Unit(2)));
    }
}
