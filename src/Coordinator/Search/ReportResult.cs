namespace EvoPo.Coordinator.Search;

/// <summary>A report agent's fitness (NaN: its training diverged).</summary>
public sealed record ReportResult(ReportEntry Entry, double Fitness);
