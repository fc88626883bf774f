using EvoPo.Coordinator.Runs;

namespace EvoPo.Coordinator.Store;

/// <summary>
/// A run folder kept in the run store, so that any coordinator can drive the run: its files are stored when they are
/// written (<see cref="StoreAsync"/>) and a folder missing on a machine, or missing files, is written back from the store
/// (<see cref="MaterializeAsync"/>), each blob checked against its hash before it lands.
/// </summary>
public sealed class RunFolderStore(RunArtifactStore store)
{
    public RunArtifactStore Artifacts => store;

    /// <summary>Whether a file of a run folder travels through the store: not the lock (it is this machine's), not a temporary
    /// file being written, not a file kept aside as invalid.</summary>
    public static bool IsShared(string name) =>
        name != RunFolder.LockFileName && !name.EndsWith(".tmp", StringComparison.Ordinal)
        && !name.EndsWith(JournaledFiles.InvalidSuffix, StringComparison.Ordinal);

    /// <summary>Stores the folder's files named (every shared file when <paramref name="names"/> is null) that exist; returns how many.</summary>
    public async Task<int> StoreAsync(RunFolder folder, IEnumerable<string>? names, CancellationToken cancellation)
    {
        var files = names?.Select(name => Path.Combine(folder.Folder, name))
                    ?? (folder.Exists ? Directory.EnumerateFiles(folder.Folder) : []);
        var stored = 0;
        foreach (var path in files.ToArray())
        {
            var name = Path.GetFileName(path);
            if (!IsShared(name) || !File.Exists(path)) continue;
            await store.PutAsync(folder.RunId, name, await File.ReadAllBytesAsync(path, cancellation), cancellation);
            stored++;
        }
        return stored;
    }

    /// <summary>Writes the stored files the folder lacks (creating it), each checked against its hash; returns the plan it followed.</summary>
    /// <exception cref="InvalidDataException">A blob is missing or damaged in the store (nothing of that file is written).</exception>
    public async Task<MaterializePlan> MaterializeAsync(RunFolder folder, CancellationToken cancellation)
    {
        var plan = MaterializePlan.For(await store.ListAsync(folder.RunId, cancellation), name => LocalHash(folder, name));
        if (plan.Write.Count > 0) folder.Create();
        foreach (var file in plan.Write)
        {
            // A name from the database never leaves the run's folder.
            if (Path.GetFileName(file.Name) != file.Name || file.Name is "." or ".." || !IsShared(file.Name))
                throw new InvalidDataException($"run {folder.RunId}: the run store names a file '{file.Name}', which is not a run folder's file name");
            AtomicFile.WriteAllBytes(Path.Combine(folder.Folder, file.Name), await store.ReadAsync(file.Hash, cancellation));
        }
        return plan;
    }

    private static string? LocalHash(RunFolder folder, string name)
    {
        var path = Path.Combine(folder.Folder, name);
        return File.Exists(path) ? ContentHash.Of(File.ReadAllBytes(path)) : null;
    }
}
