using System.Collections.Concurrent;

namespace EvoPo.GpuWorker.Artifacts;

/// <summary>Content hash → local file, shared by the search session (which registers) and the server (which reads).</summary>
public sealed class ArtifactRegistry
{
    private readonly ConcurrentDictionary<string, string> _files = new(StringComparer.OrdinalIgnoreCase);

    public void Register(string contentHash, string path) => _files[contentHash] = System.IO.Path.GetFullPath(path);

    public bool TryGet(string contentHash, out string path) => _files.TryGetValue(contentHash, out path!);
}
