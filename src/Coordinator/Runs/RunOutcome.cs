namespace EvoPo.Coordinator.Runs;

/// <summary>How a driven run ended in this process.</summary>
public sealed record RunOutcome(bool Succeeded, string MeanDigest, string? FailureReason);
