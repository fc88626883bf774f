namespace EvoPo.Coordinator.Experiments;

/// <summary>One method's held-out returns on one column, per training seed in seed order.</summary>
public sealed record ExperimentCell(string Row, bool IsBaseline, string ColumnKey, double[] Values);
