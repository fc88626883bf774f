using System.Text.Json;
using EvoPo.Coordinator.Config;
using EvoPo.Coordinator.Es;
using EvoPo.Coordinator.Pretrain;
using EvoPo.Coordinator.Tests.Pretrain;
using EvoPo.Coordinator.Search;
using EvoPo.Coordinator.Tests.Search;
using EvoPo.Messages.Search;
using EvoPo.Messages.Serialization;
using EvoPo.Simulation.Tasks;
using MessagePack;

namespace EvoPo.Coordinator.Tests.Es;

/// <summary>
/// Journals written before strategies owned their state (main at e508cfe: OpenAI-ES with Adam's moments inside EsState,
/// snapshots holding EsStateData) still replay and resume bit for bit. The fixtures in Fixtures/ were written by that
/// build: a search journal (every event as the serializer stored it, plus a mid-generation snapshot) driven by the
/// fake fitness of <see cref="SearchFixtures.Answer"/>, and the agent main's pretraining loop trained.
/// </summary>
public class MainJournalCompatibilityTests
{
    private static readonly string Fixtures = Path.Combine(AppContext.BaseDirectory, "Es", "Fixtures");

    private static readonly MessagePackSerializerOptions Options = MessagePackSerializerOptions.Standard;

    private static object Decode(JsonElement entry) => MessagePackSerializer.Deserialize(
        MessageManifests.ByManifest[entry.GetProperty("manifest").GetString()!], Convert.FromBase64String(entry.GetProperty("payload").GetString()!), Options)!;

    private static (JsonElement Root, RunCreated Created, object[] Events) Journal()
    {
        var root = JsonDocument.Parse(File.ReadAllText(Path.Combine(Fixtures, "search-journal-main.json"))).RootElement;
        var events = root.GetProperty("events").EnumerateArray().Select(Decode).ToArray();
        return (root, (RunCreated)events[0], events);
    }

    private static SearchPlan PlanFor(RunCreated created) =>
        SearchFixtures.Plan(SearchConfigLoader.Parse(created.ConfigYaml, "fixture"));

    [Fact]
    public void A_journal_written_by_main_replays_to_its_recorded_digests_and_end()
    {
        var (root, _, events) = Journal();
        SearchRunState? state = null;
        // Every GenerationCompleted recomputes Tell and checks main's recorded digest (ReplayMismatchException otherwise).
        foreach (var entry in events) state = SearchRunRecovery.Apply(state, entry, PlanFor);

        Assert.Equal(RunPhase.Finished, state!.Phase);
        Assert.Equal(5, state.History.Count);
        Assert.Equal(root.GetProperty("finalMeanDigest").GetString(), state.Es.MeanDigest());
        Assert.Equal(root.GetProperty("finalBestDigest").GetString(), EsState.Digest(state.Es.BestParameters));
        Assert.Equal(root.GetProperty("reportFitness").EnumerateArray().Select(f => f.GetDouble()), state.ReportResults().Select(r => r.Fitness));
    }

    [Fact]
    public void A_snapshot_written_by_main_resumes_bit_for_bit_with_the_events_after_it()
    {
        var (root, _, events) = Journal();
        var snapshot = (SearchSnapshot)Decode(root.GetProperty("snapshot"));
        Assert.NotNull(snapshot.State);
        Assert.Null(snapshot.Strategy);

        var state = SearchRunState.FromSnapshot(snapshot, PlanFor(snapshot.Created));
        Assert.IsType<OpenAiEsState>(state.Es);
        foreach (var entry in events.Skip(root.GetProperty("eventsBeforeSnapshot").GetInt32()))
            SearchRunRecovery.Apply(state, entry, PlanFor);

        Assert.Equal(RunPhase.Finished, state.Phase);
        Assert.Equal(root.GetProperty("finalMeanDigest").GetString(), state.Es.MeanDigest());

        // Its next snapshot is an envelope, and restores to the same state.
        var again = SearchRunState.FromSnapshot(state.ToSnapshot(), PlanFor(snapshot.Created));
        Assert.Null(state.ToSnapshot().State);
        Assert.Equal("openai-es", state.ToSnapshot().Strategy!.Strategy);
        Assert.Equal(state.Es.MeanDigest(), again.Es.MeanDigest());
    }

    [Fact]
    public void The_canonical_config_of_an_openai_es_run_is_the_text_main_wrote()
    {
        var (_, created, _) = Journal();
        var config = SearchConfigLoader.Parse(created.ConfigYaml, "fixture");
        Assert.Equal(created.ConfigYaml, SearchConfigLoader.ToYaml(config));
        Assert.DoesNotContain("strategy", created.ConfigYaml);
    }

    [Fact]
    public void A_pretraining_run_on_the_search_engine_trains_the_agent_mains_in_process_loop_trained()
    {
        var expected = JsonDocument.Parse(File.ReadAllText(Path.Combine(Fixtures, "pretrain-main.json"))).RootElement;
        var settings = new PretrainSettings
        {
            Task = BuiltInTasks.Crawler, EpisodeLength = 20, Hidden = [4], Generations = 4, Population = 6, Episodes = 1, FinalEpisodes = 2, Seed = 5,
        };
        var (agent, state) = PretrainDriver.Run(settings, unitSize: 4);
        Assert.Equal(expected.GetProperty("meanDigest").GetString(), state.Es.MeanDigest());
        Assert.Equal(expected.GetProperty("agentHash").GetString(), agent!.ContentHash);
        Assert.Equal(expected.GetProperty("finalReturn").GetDouble(), state.ReportResults().Single().Fitness);
    }
}
