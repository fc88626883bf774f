using System.Collections.Concurrent;
using EvoPo.Messages.Work;
using EvoPo.Simulation.Datasets;
using EvoPo.Simulation.Policies;

namespace EvoPo.GpuWorker.Artifacts;

/// <summary>
/// Datasets and agents read from the path in their <see cref="ArtifactRef"/>, verified against its content hash
/// and kept in memory per hash, so the units of a run parse each file once per node.
/// </summary>
public sealed class LocalArtifactStore
{
    private readonly ConcurrentDictionary<string, Lazy<PreferenceDataset>> _datasets = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Lazy<Agent>> _agents = new(StringComparer.Ordinal);

    public PreferenceDataset Dataset(ArtifactRef reference) =>
        Load(_datasets, reference, "dataset", DatasetFile.Read, d => d.ContentHash);

    public Agent Agent(ArtifactRef reference) =>
        Load(_agents, reference, "agent", AgentFile.Read, a => a.ContentHash);

    private static T Load<T>(ConcurrentDictionary<string, Lazy<T>> cache, ArtifactRef reference, string kind, Func<string, T> read, Func<T, string> hashOf)
    {
        var lazy = cache.GetOrAdd(reference.ContentHash, _ => new Lazy<T>(() =>
        {
            if (!File.Exists(reference.Location))
                throw new FileNotFoundException($"{kind} {Short(reference.ContentHash)} not found at {reference.Location}", reference.Location);
            var value = read(reference.Location);
            var actual = hashOf(value);
            if (!string.Equals(actual, reference.ContentHash, StringComparison.OrdinalIgnoreCase))
                throw new ArtifactMismatchException(
                    $"{kind} at {reference.Location} has content hash {Short(actual)}, the work unit expects {Short(reference.ContentHash)}");
            return value;
        }));
        try
        {
            return lazy.Value;
        }
        catch
        {
            // A failed load (file missing right now, mismatch) must not poison the cache for a later, fixed attempt.
            cache.TryRemove(new KeyValuePair<string, Lazy<T>>(reference.ContentHash, lazy));
            throw;
        }
    }

    private static string Short(string hash) => hash.Length > 12 ? hash[..12] : hash;
}
