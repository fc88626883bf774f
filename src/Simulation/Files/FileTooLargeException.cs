namespace EvoPo.Simulation.Files;

/// <summary>
/// An input file is larger than its kind may be (<see cref="BoundedFile"/>). An <see cref="IOException"/>, so code that
/// already turns unreadable files into messages reports it the same way.
/// </summary>
public sealed class FileTooLargeException(string source, long maxBytes, string kind)
    : IOException($"'{source}' is larger than {BoundedFile.Describe(maxBytes)}, the most {kind} may be: is it the right file?")
{
    public string FileName { get; } = source;

    public long MaxBytes { get; } = maxBytes;
}
