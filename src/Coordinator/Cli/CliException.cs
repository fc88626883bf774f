namespace EvoPo.Coordinator.Cli;

/// <summary>A command could not do its job for a reason the user can act on (missing file, bad data); exit code 1.</summary>
public class CliException(string message, Exception? inner = null) : Exception(message, inner);
