using EvoPo.Coordinator.Search;

namespace EvoPo.Coordinator.Tests.Search;

public sealed class WorkerQuarantineTests
{
    private const string Bad = "akka.tcp://evopo@10.0.0.6:4054";
    private const string Good = "akka.tcp://evopo@10.0.0.7:4054";
    private static readonly DateTimeOffset T0 = new(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);

    private static WorkerQuarantine Policy() => new(3, TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(5));

    [Fact]
    public void The_third_failure_in_a_row_quarantines_the_worker_for_the_first_period_and_no_one_else()
    {
        var quarantine = Policy();
        Assert.Null(quarantine.Failed(Bad, T0));
        Assert.Null(quarantine.Failed(Bad, T0));
        Assert.False(quarantine.IsQuarantined(Bad, T0));
        Assert.Equal(T0.AddSeconds(30), quarantine.Failed(Bad, T0));
        Assert.True(quarantine.IsQuarantined(Bad, T0.AddSeconds(29)));
        Assert.False(quarantine.IsQuarantined(Bad, T0.AddSeconds(30)));
        Assert.False(quarantine.IsQuarantined(Good, T0));
    }

    [Fact]
    public void A_success_in_between_starts_the_count_over()
    {
        var quarantine = Policy();
        quarantine.Failed(Bad, T0);
        quarantine.Failed(Bad, T0);
        quarantine.Succeeded(Bad);
        Assert.Null(quarantine.Failed(Bad, T0));
        Assert.Null(quarantine.Failed(Bad, T0));
        Assert.NotNull(quarantine.Failed(Bad, T0));
    }

    [Fact]
    public void Failures_while_quarantined_do_not_count_and_each_later_quarantine_doubles_up_to_the_cap()
    {
        var quarantine = Policy();
        var now = T0;
        var lengths = new List<double>();
        for (var round = 0; round < 6; round++)
        {
            DateTimeOffset? until = null;
            for (var i = 0; i < 3; i++) until = quarantine.Failed(Bad, now);
            lengths.Add((until!.Value - now).TotalSeconds);
            // Units still running there fail too: nothing more happens until the period is over.
            Assert.Null(quarantine.Failed(Bad, now.AddSeconds(1)));
            now = until.Value;
        }
        Assert.Equal([30, 60, 120, 240, 300, 300], lengths);
    }

    [Fact]
    public void A_success_after_a_quarantine_forgets_the_back_off()
    {
        var quarantine = Policy();
        for (var i = 0; i < 3; i++) quarantine.Failed(Bad, T0);
        quarantine.Succeeded(Bad);
        DateTimeOffset? until = null;
        for (var i = 0; i < 3; i++) until = quarantine.Failed(Bad, T0.AddMinutes(1));
        Assert.Equal(T0.AddMinutes(1).AddSeconds(30), until);
    }
}
