namespace EvoPo.Coordinator.Runs;

/// <summary>How a path in a config is found: as given (the working directory), then in the config's directory and each of its parents.</summary>
internal static class ConfigRelativePath
{
    public static string? Find(string path, string configPath)
    {
        var candidates = new List<string> { Path.GetFullPath(path) };
        if (!Path.IsPathRooted(path))
            for (var dir = Path.GetDirectoryName(Path.GetFullPath(configPath)); dir is not null; dir = Path.GetDirectoryName(dir))
                candidates.Add(Path.Combine(dir, path));
        return candidates.FirstOrDefault(File.Exists);
    }
}
