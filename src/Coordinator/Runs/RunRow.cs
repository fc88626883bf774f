using EvoPo.Messages.Search;

namespace EvoPo.Coordinator.Runs;

/// <summary>One line of <c>evopo runs</c>: the run's status and when it was created (its age), locally or from a coordinator.</summary>
public sealed record RunRow(RunStatus Status, DateTime? CreatedUtc, string? Kind = null);
