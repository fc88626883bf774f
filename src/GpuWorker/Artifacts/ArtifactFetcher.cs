using Akka.Actor;
using EvoPo.Messages.Cluster;
using EvoPo.Messages.Work;

namespace EvoPo.GpuWorker.Artifacts;

/// <summary>
/// Makes an artifact available as a local file: the unit's own location when this machine has it, otherwise
/// a copy in the node's cache, downloaded in chunks from the node that sent the unit. The caller verifies the
/// content hash when it loads the file (<see cref="LocalArtifactStore"/>), so a corrupt download is an error.
/// </summary>
/// <param name="alwaysFetch">Ignore the unit's location even if it exists here (machines that share paths but not files).</param>
public sealed class ArtifactFetcher(ActorSystem system, string cacheDirectory, bool alwaysFetch = false)
{
    private const int ChunkBytes = 1024 * 1024;
    private static readonly TimeSpan ChunkTimeout = TimeSpan.FromSeconds(30);
    private readonly SemaphoreSlim _downloads = new(1, 1);

    public string CacheDirectory { get; } = Path.GetFullPath(cacheDirectory);

    public async Task<ArtifactRef> LocalAsync(ArtifactRef reference, string extension, Address source, CancellationToken cancellation)
    {
        if (!alwaysFetch && File.Exists(reference.Location)) return reference;
        var cached = Path.Combine(CacheDirectory, reference.ContentHash + extension);
        await _downloads.WaitAsync(cancellation);
        try
        {
            if (!File.Exists(cached)) await DownloadAsync(reference.ContentHash, cached, source, cancellation);
        }
        finally
        {
            _downloads.Release();
        }
        return reference with { Location = cached };
    }

    private async Task DownloadAsync(string contentHash, string target, Address source, CancellationToken cancellation)
    {
        Directory.CreateDirectory(CacheDirectory);
        var server = system.ActorSelection(new RootActorPath(source) / "user" / ArtifactServer.Name);
        var partial = target + ".part";
        await using (var file = File.Create(partial))
        {
            long total;
            do
            {
                var answer = await server.Ask<object>(new ArtifactRequest(contentHash, file.Length, ChunkBytes), ChunkTimeout, cancellation);
                switch (answer)
                {
                    case ArtifactChunk chunk when chunk.ContentHash == contentHash && chunk.Offset == file.Length:
                        await file.WriteAsync(chunk.Data, cancellation);
                        total = chunk.TotalBytes;
                        if (chunk.Data.Length == 0 && file.Length < total)
                            throw new IOException($"artifact {contentHash[..12]} from {source}: empty chunk at {file.Length}/{total} bytes");
                        break;
                    case ArtifactMissing missing:
                        throw new FileNotFoundException($"artifact {contentHash[..12]} is not available from {source}: {missing.Reason}");
                    default:
                        throw new IOException($"artifact {contentHash[..12]} from {source}: unexpected answer {answer.GetType().Name}");
                }
            } while (file.Length < total);
        }
        File.Move(partial, target, overwrite: true);
    }
}
