namespace EvoPo.Coordinator.Datasets;

/// <summary>A dataset build through the cluster that cannot end with its file; the message says why in one line.</summary>
public sealed class DatasetBuildException(string message) : Exception(message);
