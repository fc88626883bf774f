using Akka.Actor;
using EvoPo.Messages.Cluster;

namespace EvoPo.GpuWorker.Artifacts;

/// <summary>
/// Serves the files this node registered (a run's dataset and start agent) by content hash, in chunks, to
/// workers on machines without a shared filesystem. Lives at <see cref="Path"/> on every node.
/// </summary>
public sealed class ArtifactServer : ReceiveActor
{
    public const string Name = "artifacts";
    public const int MaxChunkBytes = 4 * 1024 * 1024;

    public ArtifactServer(ArtifactRegistry registry)
    {
        Receive<ArtifactRequest>(request =>
        {
            if (!registry.TryGet(request.ContentHash, out var path) || !File.Exists(path))
            {
                Sender.Tell(new ArtifactMissing(request.ContentHash, "this node serves no artifact with that hash"));
                return;
            }
            try
            {
                using var file = File.OpenRead(path);
                if (request.Offset < 0 || request.Offset > file.Length)
                {
                    Sender.Tell(new ArtifactMissing(request.ContentHash, $"offset {request.Offset} outside the file of {file.Length} bytes"));
                    return;
                }
                file.Position = request.Offset;
                var buffer = new byte[(int)Math.Min(Math.Clamp(request.MaxBytes, 1, MaxChunkBytes), file.Length - request.Offset)];
                file.ReadExactly(buffer);
                Sender.Tell(new ArtifactChunk(request.ContentHash, request.Offset, file.Length, buffer));
            }
            catch (IOException e)
            {
                Sender.Tell(new ArtifactMissing(request.ContentHash, e.Message));
            }
        });
    }

    public static string Path => "/user/" + Name;

    public static Props Props(ArtifactRegistry registry) => Akka.Actor.Props.Create(() => new ArtifactServer(registry));
}
