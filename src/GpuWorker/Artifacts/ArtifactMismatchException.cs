namespace EvoPo.GpuWorker.Artifacts;

/// <summary>A file found for an artifact does not carry the content hash the work unit asked for: never silently re-used.</summary>
public sealed class ArtifactMismatchException(string message) : Exception(message);
