using Akka.Actor;
using Akka.Persistence;
using Akka.Persistence.TestKit;
using Akka.TestKit.Xunit2;
using EvoPo.Coordinator.Runs;
using EvoPo.Messages.Search;
using EvoPo.Messages.Work;
using static EvoPo.Coordinator.Tests.Search.SearchRunHarness;

namespace EvoPo.Coordinator.Tests.Search;

/// <summary>
/// The SearchRun against Akka.Persistence.TestKit's journal, whose writes and replays a test makes fail as a database
/// that went away would: the run restarts from what is stored and ends as if nothing happened, or gives up for good
/// after its restarts, losing nothing.
/// </summary>
public sealed class SearchRunJournalOutageTests(Xunit.Abstractions.ITestOutputHelper output) : TestKit("""
    akka.actor.provider = cluster
    akka.remote.dot-netty.tcp { hostname = 127.0.0.1, port = 0 }
    akka.persistence.journal {
      plugin = "akka.persistence.journal.test"
      test {
        class = "Akka.Persistence.TestKit.TestJournal, Akka.Persistence.TestKit"
        plugin-dispatcher = "akka.actor.default-dispatcher"
      }
    }
    akka.persistence.snapshot-store.plugin = "akka.persistence.snapshot-store.inmem"
    akka.loglevel = WARNING
    """, output)
{
    private ITestJournal Journal => TestJournal.FromRef(Persistence.Instance.Apply(Sys).JournalFor(null));

    [Fact]
    public async Task A_write_the_journal_fails_restarts_the_run_from_its_journal_and_it_ends_with_the_same_digest()
    {
        Gatekeeper(Sys);
        var workers = CreateTestProbe();
        var outputs = new RecordingOutputs();
        var run = Start(Sys, "write", workers.Ref, outputs, new StartSearch(Created("write")), FastRestarts);
        var unit = workers.ExpectMsg<SlotWorkUnit>().Unit;

        await Journal.OnWrite.Fail();
        run.Tell(Answer(unit));
        await AwaitConditionAsync(() => Task.FromResult(!outputs.Restarts.IsEmpty), Patience);
        Assert.StartsWith("the journal did not store UnitCompleted", Assert.Single(outputs.Restarts));
        await Journal.OnWrite.Pass();

        // The unit's result was not stored: the restarted run sends it again, and goes on to the same end.
        Assert.Equal(UninterruptedOutcome("write"), await AnswerUntilEndAsync(workers, run, outputs));
    }

    [Fact]
    public async Task A_lasting_outage_gives_up_after_the_restarts_and_a_later_resume_loses_nothing_stored()
    {
        Gatekeeper(Sys);
        var workers = CreateTestProbe();
        var outputs = new RecordingOutputs();
        var run = Start(Sys, "outage", workers.Ref, outputs, new StartSearch(Created("outage")), FastRestarts);
        var gone = RunWatch.WhenGoneAsync(Sys, run, CancellationToken.None);
        // Before generation 0 closes, so there is no snapshot yet: the restarted run must replay its events.
        var unit = workers.ExpectMsg<SlotWorkUnit>().Unit;

        await Journal.OnWrite.Fail();
        await Journal.OnRecovery.Fail();
        run.Tell(Answer(unit));

        Assert.Equal("its SearchRun actor stopped", await gone.WaitAsync(Patience));
        // The failed write, then each of the 3 restarts that could not read the journal; the run is not journaled as failed.
        Assert.Equal(1 + FastRestarts.MaxRestarts, outputs.Restarts.Count);
        Assert.All(outputs.Restarts.Skip(1), reason => Assert.StartsWith("its journal could not be read", reason));
        Assert.False(outputs.Outcome.Task.IsCompleted);

        await Journal.OnWrite.Pass();
        await Journal.OnRecovery.Pass();
        var resumed = new RecordingOutputs();
        var again = Start(Sys, "outage", workers.Ref, resumed, new StartSearch(null), FastRestarts);
        Assert.Equal(UninterruptedOutcome("outage"), await AnswerUntilEndAsync(workers, again, resumed));
    }
}
