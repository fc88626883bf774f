namespace EvoPo.Simulation.Datasets;

/// <summary>A dataset file that cannot be used; the message names the file and the exact problem.</summary>
public sealed class DatasetFormatException(string path, string problem)
    : Exception($"dataset file '{path}': {problem}")
{
    public string Path { get; } = path;

    public string Problem { get; } = problem;
}
