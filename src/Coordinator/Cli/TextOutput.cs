using EvoPo.Coordinator.Runs;

namespace EvoPo.Coordinator.Cli;

/// <summary>Where a command's text result goes: <c>--out</c>'s file (written atomically, a failure naming it) or stdout.</summary>
internal static class TextOutput
{
    /// <returns>Whether the text went to the file (the command then says so on its own terms).</returns>
    public static bool Write(string? path, string text)
    {
        if (path is null)
        {
            Console.Out.Write(text);
            return false;
        }
        try
        {
            AtomicFile.WriteAllText(path, text);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliException($"cannot write '{path}' ({e.Message})", e);
        }
        return true;
    }
}
