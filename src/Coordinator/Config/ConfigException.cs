namespace EvoPo.Coordinator.Config;

/// <summary>
/// A search configuration that cannot be used. The message names the full key path (e.g. <c>es.population</c>),
/// what was wrong, and what is allowed, so a user can fix the file without reading code.
/// </summary>
public sealed class ConfigException : Exception
{
    public ConfigException(string keyPath, string problem)
        : this(keyPath, problem, source: null, line: 0, column: 0)
    {
    }

    public ConfigException(string keyPath, string problem, string? source, long line, long column, Exception? inner = null)
        : base(Format(keyPath, problem, source, line, column), inner)
    {
        KeyPath = keyPath;
        Problem = problem;
        SourceName = source;
        Line = line;
    }

    /// <summary>Dotted path of the offending key, e.g. <c>objective.learn[0]</c>; empty for the whole document.</summary>
    public string KeyPath { get; }

    /// <summary>The message without source and key path.</summary>
    public string Problem { get; }

    /// <summary>The file (or other name) the configuration came from, when known.</summary>
    public string? SourceName { get; }

    /// <summary>1-based line of the offending value, or 0 when unknown.</summary>
    public long Line { get; }

    internal ConfigException At(string source, long line, long column) =>
        new(KeyPath, Problem, source, line, column, InnerException);

    private static string Format(string keyPath, string problem, string? source, long line, long column)
    {
        var where = source is null ? "" : line > 0 ? $"{source}:{line}:{column}: " : $"{source}: ";
        var key = keyPath.Length == 0 ? "" : keyPath + ": ";
        return where + key + problem;
    }
}
