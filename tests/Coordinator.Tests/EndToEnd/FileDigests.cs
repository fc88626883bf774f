using System.Security.Cryptography;

namespace EvoPo.Coordinator.Tests.EndToEnd;

/// <summary>Every file under a directory with its SHA-256 and write time: equal before and after means nothing was written.</summary>
internal static class FileDigests
{
    public static SortedDictionary<string, string> Of(string directory) =>
        new(Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories).ToDictionary(
            f => Path.GetRelativePath(directory, f),
            f => $"{Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(f)))} {File.GetLastWriteTimeUtc(f):O}"), StringComparer.Ordinal);
}
