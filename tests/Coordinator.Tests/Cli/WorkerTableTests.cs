using EvoPo.Coordinator.Cli;
using EvoPo.Messages.Search;

namespace EvoPo.Coordinator.Tests.Cli;

public sealed class WorkerTableTests
{
    [Fact]
    public void Shows_address_capacity_units_and_when_each_worker_was_last_seen()
    {
        var now = DateTimeOffset.Parse("2026-11-23T10:00:00Z");
        var output = new StringWriter();
        WorkerTable.Write(output, [
            new WorkerTally("akka.tcp://evopo@10.0.0.6:4054", 2, 40, 812.5, now.AddSeconds(-12).ToUnixTimeMilliseconds()),
            new WorkerTally("akka.tcp://evopo@10.0.0.7:4054", 0, 3, 60, 0),
        ], now);
        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("workers", lines[0]);
        Assert.Contains("capacity", lines[1]);
        Assert.Matches(@"akka\.tcp://evopo@10\.0\.0\.6:4054\s+2\s+40\s+812\.5\s+2026-11-23 09:59:48Z \(12 s ago\)", lines[2]);
        // Events journaled before capacity and time were recorded.
        Assert.Matches(@"10\.0\.0\.7:4054\s+\?\s+3\s+60\.0\s+unknown", lines[3]);
    }

    [Fact]
    public void Nothing_is_printed_for_a_run_no_worker_has_answered_yet()
    {
        var output = new StringWriter();
        WorkerTable.Write(output, [], DateTimeOffset.UtcNow);
        Assert.Equal("", output.ToString());
    }
}
