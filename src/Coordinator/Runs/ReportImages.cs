namespace EvoPo.Coordinator.Runs;

/// <summary>Images of a report, as file names relative to the run folder; null or empty where one could not be drawn.</summary>
public sealed record ReportImages(string? FitnessCurve, string? TimeBreakdown, IReadOnlyList<(string Caption, string File)> Landscapes)
{
    public static ReportImages None { get; } = new(null, null, []);
}
