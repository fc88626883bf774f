namespace EvoPo.Coordinator.Store;

/// <summary>One named file of a run in the store: its name in the run folder and the hash of its content.</summary>
public sealed record StoredFile(string Name, string Hash);
