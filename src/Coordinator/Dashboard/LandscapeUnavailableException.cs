namespace EvoPo.Coordinator.Dashboard;

/// <summary>A run's landscape cannot be drawn from what its folder holds (a damaged best.json, an unusable start agent). The
/// message is for the browser: it names the run and the file, never a path on the server.</summary>
public sealed class LandscapeUnavailableException(string message) : Exception(message);
