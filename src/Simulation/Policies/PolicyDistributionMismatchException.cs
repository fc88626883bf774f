namespace EvoPo.Simulation.Policies;

/// <summary>Data produced by one policy distribution was about to be scored under another.</summary>
public sealed class PolicyDistributionMismatchException(string message) : Exception(message);
