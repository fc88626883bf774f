using EvoPo.Messages.Work;

namespace EvoPo.Coordinator.Search;

/// <summary>One agent trained for the final report: which method, which seed, with which objective.</summary>
public sealed record ReportEntry(string Method, int SeedIndex, CandidateObjective Objective, ulong TrainingSeed);
