using EvoPo.Coordinator.Search;

namespace EvoPo.Coordinator.Tests.Search;

public sealed class SlotLedgerTests
{
    private static readonly string[] Slots = Enumerable.Range(0, 8).Select(i => $"w-{i}").ToArray();

    [Fact]
    public void A_held_slot_is_never_taken_by_another_run_until_it_comes_back()
    {
        var ledger = new SlotLedger();
        Assert.True(ledger.TryTake("a", "w-0"));
        Assert.False(ledger.TryTake("b", "w-0"));
        Assert.False(ledger.TryTake("a", "w-0"));
        ledger.Return("b", "w-0");
        Assert.False(ledger.TryTake("b", "w-0"));
        ledger.Return("a", "w-0");
        Assert.True(ledger.TryTake("b", "w-0"));
    }

    [Fact]
    public void A_run_alone_takes_every_slot()
    {
        var ledger = new SlotLedger();
        ledger.Want("a", 1, waiting: 20, Slots, () => { });
        Assert.All(Slots, slot => Assert.True(ledger.TryTake("a", slot)));
        Assert.Equal(8, ledger.Held("a"));
    }

    [Fact]
    public void A_run_over_its_share_leaves_a_returned_slot_to_the_waiting_run_and_wakes_it()
    {
        var ledger = new SlotLedger();
        foreach (var slot in Slots) ledger.TryTake("a", slot);
        var woken = 0;
        ledger.Want("b", 1, waiting: 5, Slots, () => woken++);
        ledger.Return("a", "w-3");
        Assert.Equal(1, woken);
        Assert.False(ledger.TryTake("a", "w-3"));
        Assert.True(ledger.TryTake("b", "w-3"));
    }

    [Fact]
    public void A_run_that_cannot_use_a_slot_does_not_hold_it_back()
    {
        var ledger = new SlotLedger();
        foreach (var slot in Slots) ledger.TryTake("a", slot);
        ledger.Want("b", 1, waiting: 5, ["w-0"], () => { });
        ledger.Return("a", "w-3");
        Assert.True(ledger.TryTake("a", "w-3"));
    }

    [Fact]
    public void A_run_that_stops_waiting_wakes_the_runs_it_held_back_and_one_that_leaves_returns_its_slots()
    {
        var ledger = new SlotLedger();
        var woken = 0;
        ledger.Want("a", 1, waiting: 3, Slots, () => woken++);
        ledger.Want("b", 1, waiting: 3, Slots, () => { });
        ledger.Want("b", 1, waiting: 0, Slots, () => { });
        Assert.Equal(1, woken);
        ledger.TryTake("b", "w-0");
        ledger.Leave("b");
        Assert.Equal(0, ledger.Held("b"));
        Assert.True(ledger.TryTake("a", "w-0"));
    }

    [Theory]
    [InlineData(1, 1, 0.5)]
    [InlineData(3, 1, 0.75)]
    public void Two_busy_runs_get_units_in_proportion_to_their_priority(int priorityA, int priorityB, double shareOfA)
    {
        var (a, b) = Simulate(priorityA, priorityB);
        Assert.InRange((double)a / (a + b), shareOfA - 0.05, shareOfA + 0.05);
    }

    /// <summary>
    /// Two runs that always have units waiting share 8 slots; units take 1 to 4 ticks. Counts the units each started once both
    /// were running (after the first run took every slot alone).
    /// </summary>
    private static (int A, int B) Simulate(int priorityA, int priorityB)
    {
        var ledger = new SlotLedger();
        var random = new Random(11);
        var ends = new Dictionary<string, (string Run, int End)>();
        var started = new Dictionary<string, int> { ["a"] = 0, ["b"] = 0 };
        var priority = new Dictionary<string, int> { ["a"] = priorityA, ["b"] = priorityB };
        for (var tick = 0; tick < 2000; tick++)
        {
            foreach (var (slot, (run, end)) in ends.Where(e => e.Value.End <= tick).ToArray())
            {
                ends.Remove(slot);
                ledger.Return(run, slot);
            }
            var runs = tick == 0 ? ["a"] : tick % 2 == 0 ? new[] { "a", "b" } : ["b", "a"];
            foreach (var run in runs) ledger.Want(run, priority[run], waiting: 100, Slots, () => { });
            foreach (var run in runs)
                foreach (var slot in Slots.Where(s => ledger.TryTake(run, s)))
                {
                    ends[slot] = (run, tick + random.Next(1, 5));
                    if (tick > 10) started[run]++;
                }
            Assert.Equal(ends.Count, ledger.Held("a") + ledger.Held("b"));
        }
        return (started["a"], started["b"]);
    }
}
