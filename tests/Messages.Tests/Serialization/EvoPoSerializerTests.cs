using System.Runtime.Serialization;
using Akka.Actor;
using Akka.Configuration;
using Akka.Serialization;
using EvoPo.Messages.Serialization;

namespace EvoPo.Messages.Tests.Serialization;

public sealed class EvoPoSerializerTests : IDisposable
{
    private readonly ActorSystem _system = ActorSystem.Create("serialization-test", ConfigurationFactory.ParseString(EvoPoSerializer.Hocon));

    public void Dispose() => _system.Dispose();

    public static TheoryData<string> Manifests() => new(MessageManifests.ByManifest.Keys.Order());

    [Theory]
    [MemberData(nameof(Manifests))]
    public void Every_message_type_round_trips_through_the_bound_serializer(string manifest)
    {
        var sample = SampleMessages.All().Where(m => MessageManifests.ByType[m.GetType()] == manifest).ToList();
        Assert.NotEmpty(sample);
        foreach (var message in sample)
        {
            var serializer = _system.Serialization.FindSerializerFor(message);
            Assert.IsType<EvoPoSerializer>(serializer);
            var withManifest = (SerializerWithStringManifest)serializer;
            Assert.Equal(manifest, withManifest.Manifest(message));
            var bytes = serializer.ToBinary(message);
            var back = _system.Serialization.Deserialize(bytes, EvoPoSerializer.SerializerId, manifest);
            // Records compare arrays by reference, so compare the canonical re-encoding instead: every field is written.
            Assert.Equal(message.GetType(), back.GetType());
            Assert.Equal(bytes, serializer.ToBinary(back));
        }
    }

    [Fact]
    public void Every_message_type_in_the_assembly_has_a_manifest_and_a_sample()
    {
        var types = typeof(IEvoPoMessage).Assembly.GetTypes()
            .Where(t => typeof(IEvoPoMessage).IsAssignableFrom(t) && t is { IsAbstract: false, IsInterface: false });
        foreach (var type in types)
        {
            Assert.True(MessageManifests.ByType.ContainsKey(type), $"{type.Name} has no manifest");
            Assert.Contains(SampleMessages.All(), m => m.GetType() == type);
        }
    }

    [Fact]
    public void A_unit_completed_journaled_before_worker_capacity_and_time_existed_still_reads()
    {
        // The five-field shape of UnitCompleted that older journals hold.
        var old = MessagePack.MessagePackSerializer.Serialize(new object[]
        {
            new object[] { "run-1", 2, 3 }, new[] { 1.5, -2.0 }, 1.25, 0.5, "akka.tcp://evopo@host:1",
        });
        var back = MessagePack.MessagePackSerializer.Deserialize<Search.UnitCompleted>(old);
        Assert.Equal("akka.tcp://evopo@host:1", back.Worker);
        Assert.Equal(3, back.Id.UnitIndex);
        Assert.Equal(0, back.WorkerCapacity);
        Assert.Equal(0, back.CompletedAtUnixMs);
    }

    [Fact]
    public void Work_units_results_and_snapshots_journaled_before_pretraining_read_without_rollout_or_observations()
    {
        var unit = new object[] { "run-1", 2, 3 };
        var plan = new object[] { new object[] { "h", "d" }, new object[] { "a", "s" }, 1, 0, 2, 0.001, 1.3, "crawler", 100, 4, 3UL, true };
        var workUnit = MessagePack.MessagePackSerializer.Deserialize<Work.WorkUnit>(MessagePack.MessagePackSerializer.Serialize(new object[] { unit, plan, Array.Empty<object>() }));
        Assert.Null(workUnit.Rollout);
        var result = MessagePack.MessagePackSerializer.Deserialize<Work.UnitResult>(
            MessagePack.MessagePackSerializer.Serialize(new object[] { unit, new[] { 1.5 }, 1.0, 0.5, "w" }));
        Assert.Null(result.Observations);
        var completed = MessagePack.MessagePackSerializer.Deserialize<Search.UnitCompleted>(
            MessagePack.MessagePackSerializer.Serialize(new object[] { unit, new[] { 1.5 }, 1.0, 0.5, "w", 1, 5L }));
        Assert.Null(completed.Observations);
    }

    [Fact]
    public void A_node_hello_of_a_node_that_does_not_announce_simulation_reads_as_a_training_worker()
    {
        // The five-field shape of NodeHello that nodes sent before Simulated existed.
        var old = MessagePack.MessagePackSerializer.Serialize(new object[] { 1, "akka.tcp://evopo@host:1", new[] { "worker" }, 2, "cpu" });
        var back = MessagePack.MessagePackSerializer.Deserialize<Cluster.NodeHello>(old);
        Assert.Equal(2, back.Capacity);
        Assert.False(back.Simulated);
    }

    [Fact]
    public void Serializer_identifier_and_manifests_never_change()
    {
        Assert.Equal(4207, EvoPoSerializer.SerializerId);
        Assert.Equal("work-unit", MessageManifests.ByType[typeof(Work.WorkUnit)]);
        Assert.Equal("unit-completed", MessageManifests.ByType[typeof(Search.UnitCompleted)]);
        Assert.Equal("generation-completed", MessageManifests.ByType[typeof(Search.GenerationCompleted)]);
        Assert.Equal("run-created", MessageManifests.ByType[typeof(Search.RunCreated)]);
    }

    [Fact]
    public void Malformed_payload_is_a_serialization_error_naming_the_manifest()
    {
        var serializer = (EvoPoSerializer)_system.Serialization.FindSerializerForType(typeof(Search.RunStatus));
        var error = Assert.Throws<SerializationException>(() => serializer.FromBinary([0xC1, 0xFF, 0x00], "unit-result"));
        Assert.Contains("unit-result", error.Message);
    }

    [Fact]
    public void Unknown_manifest_is_refused()
    {
        var serializer = (EvoPoSerializer)_system.Serialization.FindSerializerForType(typeof(Search.RunStatus));
        var error = Assert.Throws<SerializationException>(() => serializer.FromBinary([0x90], "made-up"));
        Assert.Contains("made-up", error.Message);
    }
}
