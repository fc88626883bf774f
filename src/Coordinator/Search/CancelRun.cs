namespace EvoPo.Coordinator.Search;

/// <summary>Asks a SearchRun to stop for good: it journals <see cref="EvoPo.Messages.Search.RunCancelled"/> and answers its status.</summary>
public sealed record CancelRun(string Reason);
