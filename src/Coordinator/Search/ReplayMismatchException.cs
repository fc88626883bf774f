namespace EvoPo.Coordinator.Search;

/// <summary>Replaying the journal reached a different ES mean than the one recorded: the code or data changed under the run.</summary>
public sealed class ReplayMismatchException(string message) : Exception(message);
