using EvoPo.Coordinator.Config;
using EvoPo.Coordinator.Es;
using Akka.Persistence;
using EvoPo.Coordinator.Search;
using EvoPo.Messages.Search;
using EvoPo.Messages.Work;
using MessagePack;

namespace EvoPo.Coordinator.Tests.Search;

public sealed class SearchRunStateTests
{
    private static SearchRunState NewState(out EvoPo.Coordinator.Config.SearchConfig config)
    {
        config = SearchFixtures.Config();
        return SearchRunState.Start(SearchFixtures.Created(config), SearchFixtures.Plan(config));
    }

    [Fact]
    public void A_run_goes_through_its_generations_then_the_report_then_finishes()
    {
        var state = NewState(out _);
        Assert.Equal(RunPhase.Searching, state.Phase);
        Assert.Equal(2, state.UnitCount);
        SearchFixtures.RunToEnd(state);
        Assert.Equal(RunPhase.Finished, state.Phase);
        Assert.Equal(2, state.History.Count);
        Assert.Equal(2, state.Es.Generation);
        // 5 methods × 2 seeds, in units of 4.
        Assert.Equal(10, state.ReportResults().Count);
        Assert.All(state.ReportResults(), r => Assert.True(double.IsFinite(r.Fitness)));
    }

    [Fact]
    public void With_several_seeds_per_candidate_the_strategy_sees_each_candidates_mean_over_its_seeds()
    {
        var single = SearchFixtures.Config();
        var several = single with { Training = new TrainingConfig { SeedsPerCandidate = 3 } };
        var one = SearchRunState.Start(SearchFixtures.Created(single), SearchFixtures.Plan(single));
        var three = SearchRunState.Start(SearchFixtures.Created(several), SearchFixtures.Plan(several));
        Assert.Equal(5, three.UnitCount); // 6 candidates × 3 seeds in units of 4

        // A return of the candidate's fitness plus a seed effect that averages to zero over the three seeds: the
        // search must follow exactly the path of one seed per candidate.
        SearchFixtures.RunToEnd(one);
        while (three.Phase == RunPhase.Searching)
        {
            foreach (var unit in three.PendingUnits().ToArray())
            {
                var answer = SearchFixtures.Answer(unit);
                three.Apply(answer with { Fitness = answer.Fitness.Select((f, i) => f + (unit.Candidates[i].Index % 3 - 1) * 0.5).ToArray() });
            }
            three.Apply(three.CompleteGeneration(1));
        }
        Assert.Equal(one.History.Select(h => h.MeanDigest), three.History.Select(h => h.MeanDigest));
    }

    [Fact]
    public void Stale_duplicate_and_malformed_results_are_refused_by_name()
    {
        var state = NewState(out _);
        var unit = state.Unit(0);
        Assert.Null(state.Rejects(unit.Id, new double[4]));
        Assert.Contains("4 candidates", state.Rejects(unit.Id, new double[3]));
        Assert.Contains("not of the current generation", state.Rejects(unit.Id with { Generation = 1 }, new double[4]));
        Assert.Contains("another run", state.Rejects(unit.Id with { RunId = "other" }, new double[4]));
        Assert.Contains("outside", state.Rejects(unit.Id with { UnitIndex = 2 }, new double[4]));
        state.Apply(SearchFixtures.Answer(unit));
        Assert.Contains("already complete", state.Rejects(unit.Id, new double[4]));
        Assert.Throws<InvalidOperationException>(() => state.Apply(SearchFixtures.Answer(unit)));
        Assert.Throws<InvalidOperationException>(() => state.CompleteGeneration(1));
    }

    [Fact]
    public void Replaying_the_journal_lands_on_the_same_mean_and_history()
    {
        var original = NewState(out var config);
        var journal = SearchFixtures.RunToEnd(original);

        SearchRunState? replayed = null;
        var plan = SearchFixtures.Plan(config);
        foreach (var entry in new object[] { SearchFixtures.Created(config) }.Concat(journal))
            replayed = SearchRunRecovery.Apply(replayed, entry, _ => plan);

        Assert.Equal(original.Es.MeanDigest(), replayed!.Es.MeanDigest());
        Assert.Equal(original.History, replayed.History);
        Assert.Equal(RunPhase.Finished, replayed.Phase);
    }

    [Fact]
    public void A_snapshot_taken_mid_generation_continues_to_the_same_end()
    {
        var uninterrupted = NewState(out var config);
        SearchFixtures.RunToEnd(uninterrupted);

        var state = NewState(out _);
        foreach (var unit in state.PendingUnits().ToArray()) state.Apply(SearchFixtures.Answer(unit));
        state.Apply(state.CompleteGeneration(1));
        state.Apply(SearchFixtures.Answer(state.Unit(1)));
        var snapshot = state.ToSnapshot();

        var restored = SearchRunState.FromSnapshot(snapshot, SearchFixtures.Plan(config));
        Assert.Equal([0], restored.PendingUnits().Select(u => u.Id.UnitIndex));
        SearchFixtures.RunToEnd(restored);
        Assert.Equal(uninterrupted.Es.MeanDigest(), restored.Es.MeanDigest());
    }

    public static TheoryData<StrategyKind> Strategies => new(Enum.GetValues<StrategyKind>());

    /// <summary>
    /// What a SIGKILL and <c>evopo resume</c> do, for every strategy and without processes (the end-to-end tests run one
    /// strategy; this one costs milliseconds per strategy). The journal holds the events up to a kill after the first unit of
    /// generation 2, and a snapshot taken in the middle of generation 1 that went through MessagePack as the snapshot store
    /// keeps it. Recovery is what the actor does: the snapshot offer, then the events after it, each GenerationCompleted
    /// re-derived by the restored strategy and checked against its recorded digest; the plan comes from the journaled config
    /// text, as on resume. The run then goes on and must end like the one never killed, and so must a replay of the whole
    /// journal from RunCreated (what <c>evopo report</c> does).
    /// </summary>
    [Theory]
    [MemberData(nameof(Strategies))]
    public void Every_strategy_killed_mid_generation_recovers_from_its_journal_to_the_same_end(StrategyKind strategy)
    {
        var config = SearchFixtures.Config(generations: 3) with { Es = SearchFixtures.Config().Es with { Strategy = strategy, Generations = 3 } };
        var created = SearchFixtures.Created(config);
        SearchPlan PlanFor(RunCreated run) => SearchFixtures.Plan(SearchConfigLoader.Parse(run.ConfigYaml, "journal"));
        var uninterrupted = SearchRunState.Start(created, PlanFor(created));
        SearchFixtures.RunToEnd(uninterrupted);

        var killed = SearchRunState.Start(created, PlanFor(created));
        var journal = new List<object> { created };
        void Persist(UnitCompleted unit) { killed.Apply(unit); journal.Add(unit); }
        void Complete() { var generation = killed.CompleteGeneration(1); killed.Apply(generation); journal.Add(generation); }
        foreach (var unit in killed.PendingUnits().ToArray()) Persist(SearchFixtures.Answer(unit));
        Complete();
        Persist(SearchFixtures.Answer(killed.Unit(1)));
        var stored = MessagePackSerializer.Serialize(killed.ToSnapshot());
        var eventsBeforeSnapshot = journal.Count;
        Persist(SearchFixtures.Answer(killed.Unit(0)));
        Complete();
        Persist(SearchFixtures.Answer(killed.Unit(0)));

        var snapshot = MessagePackSerializer.Deserialize<SearchSnapshot>(stored);
        var recovered = SearchRunRecovery.Apply(null, new SnapshotOffer(new SnapshotMetadata(SearchFixtures.RunId, 0, DateTime.UnixEpoch), snapshot), PlanFor)!;
        foreach (var entry in journal.Skip(eventsBeforeSnapshot)) recovered = SearchRunRecovery.Apply(recovered, entry, PlanFor)!;
        Assert.Equal((2, 1), (recovered.Es.Generation, recovered.CompletedUnits.Count));
        SearchFixtures.RunToEnd(recovered);
        Assert.Equal(uninterrupted.Es.MeanDigest(), recovered.Es.MeanDigest());
        Assert.Equal(uninterrupted.History, recovered.History);
        Assert.NotEqual(uninterrupted.History[0].Sigma, uninterrupted.History[2].Sigma);

        SearchRunState? replayed = null;
        foreach (var entry in journal) replayed = SearchRunRecovery.Apply(replayed, entry, PlanFor);
        SearchFixtures.RunToEnd(replayed!);
        Assert.Equal(uninterrupted.Es.MeanDigest(), replayed!.Es.MeanDigest());

        // A snapshot is refused by a run whose config names another strategy, never continued with the wrong update.
        var otherPlan = SearchFixtures.Plan(config with { Es = config.Es with { Strategy = strategy == StrategyKind.Snes ? StrategyKind.Pgpe : StrategyKind.Snes } });
        Assert.Throws<InvalidDataException>(() => SearchRunState.FromSnapshot(snapshot, otherPlan));
    }

    [Fact]
    public void Worker_tallies_count_units_per_worker_and_survive_a_snapshot()
    {
        var state = NewState(out var config);
        var units = state.PendingUnits().ToArray();
        for (var i = 0; i < units.Length; i++)
            state.Apply(SearchFixtures.Answer(units[i]) with
            {
                Worker = i % 2 == 0 ? "a" : "b", WorkerCapacity = i % 2 == 0 ? 2 : 1, CompletedAtUnixMs = 1000 + i,
            });
        state.Apply(state.CompleteGeneration(1));
        state.Apply(SearchFixtures.Answer(state.Unit(0)) with { Worker = "a", CompletedAtUnixMs = 5000 });

        var restored = SearchRunState.FromSnapshot(state.ToSnapshot(), SearchFixtures.Plan(config));

        foreach (var s in new[] { state, restored })
        {
            var a = s.Workers.Single(w => w.Address == "a");
            var b = s.Workers.Single(w => w.Address == "b");
            Assert.Equal((units.Length + 1) / 2 + 1, a.Units);
            Assert.Equal(units.Length / 2, b.Units);
            Assert.Equal(2, a.Capacity);
            Assert.Equal(1, b.Capacity);
            Assert.Equal(5000, a.LastSeenUnixMs);
            Assert.Equal(1.5 * a.Units, a.ComputeSeconds, 9);
        }
    }

    [Fact]
    public void A_journal_that_no_longer_matches_the_code_fails_loudly()
    {
        var state = NewState(out _);
        foreach (var unit in state.PendingUnits().ToArray()) state.Apply(SearchFixtures.Answer(unit));
        var honest = state.CompleteGeneration(1);
        var tampered = honest with { MeanDigest = new string('0', 64) };
        var error = Assert.Throws<ReplayMismatchException>(() => state.Apply(tampered));
        Assert.Contains("generation 0", error.Message);
    }

    [Fact]
    public void Failed_candidates_rank_last_and_are_counted()
    {
        var state = NewState(out _);
        foreach (var unit in state.PendingUnits().ToArray())
        {
            var answer = SearchFixtures.Answer(unit);
            answer.Fitness[0] = double.NaN;
            state.Apply(answer);
        }
        var generation = state.CompleteGeneration(1);
        Assert.Equal(2, generation.FailedCandidates);
        Assert.True(double.IsFinite(generation.MeanFitness));
    }

    [Fact]
    public void A_run_cannot_finish_before_its_report_units_are_in()
    {
        var state = NewState(out _);
        Assert.Throws<InvalidOperationException>(() => state.Apply(new RunFinished("", DateTime.UnixEpoch)));
        state.Apply(new RunFailed("worker on fire", DateTime.UnixEpoch));
        Assert.Equal(RunPhase.Failed, state.Phase);
        Assert.Empty(state.PendingUnits());
        Assert.Contains("Failed", state.Rejects(new UnitId(SearchFixtures.RunId, 0, 0), new double[4]));
    }
}
