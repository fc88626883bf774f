namespace EvoPo.Coordinator.Store;

/// <summary>
/// What materializing a run folder from the store does, decided from the stored files and what the folder holds: a file
/// that is missing is written; one that is there with other content is left alone and named (a person's edit, or an
/// output newer than its stored copy; the journal, not these files, decides the run's state, and the run's start checks
/// best.json against it).
/// </summary>
/// <param name="Write">Stored files the folder lacks.</param>
/// <param name="Differing">Stored files the folder holds with other content.</param>
public sealed record MaterializePlan(IReadOnlyList<StoredFile> Write, IReadOnlyList<StoredFile> Differing)
{
    /// <param name="localHash">The hash of the folder's file of that name, or null when it has none.</param>
    public static MaterializePlan For(IReadOnlyList<StoredFile> stored, Func<string, string?> localHash)
    {
        var write = new List<StoredFile>();
        var differing = new List<StoredFile>();
        foreach (var file in stored)
        {
            var local = localHash(file.Name);
            if (local is null) write.Add(file);
            else if (local != file.Hash) differing.Add(file);
        }
        return new MaterializePlan(write, differing);
    }
}
