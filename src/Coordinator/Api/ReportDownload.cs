using EvoPo.Coordinator.Runs;

namespace EvoPo.Coordinator.Api;

/// <summary>A run's report as the coordinator wrote it: its summary and report.md's text.</summary>
public sealed record ReportDownload(ReportSummary Summary, string Markdown);
