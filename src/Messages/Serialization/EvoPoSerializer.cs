using Akka.Actor;
using Akka.Serialization;
using System.Runtime.Serialization;
using MessagePack;

namespace EvoPo.Messages.Serialization;

/// <summary>
/// MessagePack for every <see cref="IEvoPoMessage"/>, on the wire and in the journal. Identifier and manifests
/// are fixed forever (see <see cref="MessageManifests"/>). Input is treated as untrusted and size-limited, so a
/// malformed or oversized payload becomes a <see cref="SerializationException"/> (dropped and logged by remoting)
/// rather than a crash.
/// </summary>
public sealed class EvoPoSerializer(ExtendedActorSystem system) : SerializerWithStringManifest(system)
{
    public const int SerializerId = 4207;

    /// <summary>Largest payload accepted; work units and results are a few hundred kilobytes at paper scale.</summary>
    public const int MaxPayloadBytes = 64 * 1024 * 1024;

    private static readonly MessagePackSerializerOptions Options =
        MessagePackSerializerOptions.Standard.WithSecurity(MessagePackSecurity.UntrustedData);

    public override int Identifier => SerializerId;

    public override string Manifest(object o) =>
        MessageManifests.ByType.TryGetValue(o.GetType(), out var manifest)
            ? manifest
            : throw new SerializationException($"{o.GetType().FullName} has no EvoPO manifest; add it to MessageManifests");

    public override byte[] ToBinary(object obj)
    {
        var type = obj.GetType();
        if (!MessageManifests.ByType.ContainsKey(type))
            throw new SerializationException($"{type.FullName} has no EvoPO manifest; add it to MessageManifests");
        return MessagePackSerializer.Serialize(type, obj, Options);
    }

    public override object FromBinary(byte[] bytes, string manifest)
    {
        if (!MessageManifests.ByManifest.TryGetValue(manifest, out var type))
            throw new SerializationException($"unknown EvoPO manifest '{manifest}' (a newer protocol version than {ProtocolVersion.Current}?)");
        if (bytes.Length > MaxPayloadBytes)
            throw new SerializationException($"'{manifest}' payload of {bytes.Length} bytes exceeds the limit of {MaxPayloadBytes}");
        try
        {
            return MessagePackSerializer.Deserialize(type, bytes, Options)
                ?? throw new SerializationException($"'{manifest}' payload decoded to null");
        }
        catch (MessagePackSerializationException e)
        {
            throw new SerializationException($"malformed '{manifest}' payload ({bytes.Length} bytes): {e.Message}", e);
        }
    }

    /// <summary>The HOCON that binds every EvoPO message to this serializer.</summary>
    public const string Hocon = """
        akka.actor {
          serializers.evopo = "EvoPo.Messages.Serialization.EvoPoSerializer, EvoPo.Messages"
          serialization-bindings { "EvoPo.Messages.IEvoPoMessage, EvoPo.Messages" = evopo }
          serialization-identifiers { "EvoPo.Messages.Serialization.EvoPoSerializer, EvoPo.Messages" = 4207 }
        }
        """;
}
