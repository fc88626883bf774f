namespace EvoPo.Coordinator.Runs;

/// <summary>What <c>evopo report</c> wrote: the run's state, generations done of all, the images, what is missing, how to export.</summary>
public sealed record ReportSummary(string RunId, string State, string Report, int Generations, int Of, string[] Images, string? Missing, string Export);
