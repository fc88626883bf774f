using Akka.Actor;
using Akka.Configuration;
using Akka.Serialization;

namespace EvoPo.Coordinator.Tests.EndToEnd;

/// <summary>
/// A remoting peer that misbehaves: it sends payloads that claim EvoPO's serializer and manifests but hold
/// garbage, and raw bytes that are not Akka's wire protocol at all.
/// </summary>
internal sealed class HostileSender : IDisposable
{
    private readonly ActorSystem _system = ActorSystem.Create("hostile", ConfigurationFactory.ParseString($$"""
        akka.loglevel = ERROR
        akka.actor.provider = remote
        akka.remote.dot-netty.tcp { hostname = 127.0.0.1, port = 0 }
        akka.actor.serializers.garbage = "{{typeof(GarbageSerializer).AssemblyQualifiedName}}"
        akka.actor.serialization-bindings { "{{typeof(Garbage).AssemblyQualifiedName}}" = garbage }
        """));

    /// <summary>Sends messages whose EvoPO manifest is real and whose MessagePack body is random bytes.</summary>
    public void SendGarbage(int port, string actorPath, IEnumerable<string> manifests)
    {
        var target = _system.ActorSelection($"akka.tcp://evopo@127.0.0.1:{port}{actorPath}");
        foreach (var manifest in manifests) target.Tell(new Garbage(manifest));
        // Tell is fire-and-forget: give remoting time to associate and write before the system goes away.
        Thread.Sleep(TimeSpan.FromSeconds(3));
    }

    /// <summary>Opens a plain TCP connection to the remoting port and writes bytes Akka cannot frame or parse.</summary>
    public static void SendRawBytes(int port)
    {
        var random = new Random(5);
        using (var client = new System.Net.Sockets.TcpClient("127.0.0.1", port))
        {
            var junk = new byte[4096];
            random.NextBytes(junk);
            client.GetStream().Write(junk);
        }
        using (var client = new System.Net.Sockets.TcpClient("127.0.0.1", port))
        {
            // A length prefix of 1.9 GB: far over the 16 MiB maximum frame size.
            client.GetStream().Write([0x70, 0x00, 0x00, 0x00, 1, 2, 3, 4]);
        }
    }

    public void Dispose() => _system.Terminate().Wait(TimeSpan.FromSeconds(10));

    internal sealed record Garbage(string Manifest);

    internal sealed class GarbageSerializer(ExtendedActorSystem system) : SerializerWithStringManifest(system)
    {
        // EvoPO's serializer id, so the receiving node hands the bytes to its MessagePack serializer.
        public override int Identifier => 4207;

        public override string Manifest(object o) => ((Garbage)o).Manifest;

        public override byte[] ToBinary(object obj)
        {
            var bytes = new byte[64];
            new Random(((Garbage)obj).Manifest.Length).NextBytes(bytes);
            return bytes;
        }

        public override object FromBinary(byte[] bytes, string manifest) => throw new NotSupportedException();
    }
}
