using EvoPo.Coordinator.Config;
using EvoPo.Coordinator.Dashboard;
using EvoPo.Messages.Search;

namespace EvoPo.Coordinator.Tests.Dashboard;

public sealed class RunProgressTests
{
    private const string Id = "20261123-060000-abcdef";

    [Fact]
    public void Fitness_sigma_and_timing_come_from_generations_in_order()
    {
        var progress = Apply(RunEvents.Created(Id), RunEvents.Generation(0, 40, 41, 39, 0.5), RunEvents.Generation(1, 42, 45, 38, 0.49));

        var view = progress.View(running: true, version: 1, landscapeVersion: null);

        Assert.Equal("running", view.State);
        Assert.Equal(2, view.Generation);
        Assert.Equal(5, view.Generations);
        Assert.Equal(4, view.UnitsPerGeneration);
        Assert.Equal(45, view.BestFitness);
        Assert.Equal([0, 1], view.History.Select(h => h.Generation));
        Assert.Equal([42.0, 45.0, 38.0, 0.49, 3.5, 3.0],
            [view.History[1].MeanFitness!.Value, view.History[1].MaxFitness!.Value, view.History[1].MinFitness!.Value,
             view.History[1].Sigma, view.History[1].WallSeconds, view.History[1].ComputeSeconds]);
    }

    [Fact]
    public void The_strategy_comes_from_the_journaled_config_and_is_unknown_before_it()
    {
        Assert.Equal("openai-es", Apply(RunEvents.Created(Id)).View(false, 1, null).Strategy);
        Assert.Equal("sep-cma-es", Apply(RunEvents.Created(Id, "sep-cma-es")).View(false, 1, null).Strategy);
        Assert.Null(new RunProgress(Id).View(false, 1, null).Strategy);
    }

    [Fact]
    public void The_kind_says_whether_the_run_searches_a_loss_or_pretrains_a_policy()
    {
        Assert.Equal("search", Apply(RunEvents.Created(Id)).View(false, 1, null).Kind);
        var pretrain = SearchConfigLoader.Parse("pretrain: { enabled: true }\ntask: { name: crawler }\n", "test config");
        var created = RunEvents.Created(Id) with { ConfigYaml = SearchConfigLoader.ToYaml(pretrain) };
        Assert.Equal("pretrain", Apply(created).View(false, 1, null).Kind);
        Assert.Null(new RunProgress(Id).View(false, 1, null).Kind);
    }

    [Fact]
    public void Each_unit_counts_once_per_worker_even_when_journaled_twice()
    {
        var progress = Apply(
            RunEvents.Created(Id),
            RunEvents.Unit(Id, 0, 0, "akka.tcp://evopo@a:1", train: 2, eval: 1),
            RunEvents.Unit(Id, 0, 1, "akka.tcp://evopo@b:1", train: 4, eval: 2),
            RunEvents.Unit(Id, 0, 1, "akka.tcp://evopo@b:1", train: 4, eval: 2),
            RunEvents.Unit(Id, 0, 2, "akka.tcp://evopo@a:1", train: 4, eval: 3));

        var view = progress.View(running: true, version: 1, landscapeVersion: null);

        Assert.Equal(3, view.UnitsDoneInGeneration);
        var a = Assert.Single(view.Workers, w => w.Worker == "akka.tcp://evopo@a:1");
        Assert.Equal((2, 4, 5.0, 3.0, 2.0), (a.Units, a.Candidates, a.MeanUnitSeconds, a.MeanTrainSeconds, a.MeanEvalSeconds));
        var b = Assert.Single(view.Workers, w => w.Worker == "akka.tcp://evopo@b:1");
        Assert.Equal(1, b.Units);
    }

    [Fact]
    public void Journal_decides_finished_and_failed_and_the_lock_decides_running()
    {
        Assert.Equal("stopped", Apply(RunEvents.Created(Id)).View(false, 1, null).State);
        Assert.Equal("unknown", new RunProgress(Id).View(false, 1, null).State);
        Assert.Equal("finished", Apply(RunEvents.Created(Id), new RunFinished("d", DateTime.UtcNow)).View(true, 1, null).State);
        var failed = Apply(RunEvents.Created(Id), new RunFailed("every candidate failed", DateTime.UtcNow)).View(false, 1, null);
        Assert.Equal(("failed", "every candidate failed"), (failed.State, failed.FailureReason));
    }

    [Fact]
    public void Events_already_applied_are_skipped_and_non_finite_fitness_is_null()
    {
        var progress = new RunProgress(Id);
        progress.Apply(1, RunEvents.Created(Id));
        progress.Apply(2, RunEvents.Generation(0, double.NaN, double.NegativeInfinity, double.NaN));
        progress.Apply(2, RunEvents.Generation(0, 1, 1, 1));

        var point = Assert.Single(progress.View(false, 1, null).History);

        Assert.Null(point.MeanFitness);
        Assert.Null(point.MaxFitness);
        Assert.Equal(2, progress.SequenceNr);
    }

    private static RunProgress Apply(params object[] events)
    {
        var progress = new RunProgress(Id);
        for (var i = 0; i < events.Length; i++) progress.Apply(i + 1, events[i]);
        return progress;
    }
}
