using System.Security.Cryptography;

namespace EvoPo.Coordinator.Store;

/// <summary>The key of a stored blob: the SHA-256 of its bytes, lower-case hex.</summary>
public static class ContentHash
{
    public static string Of(ReadOnlySpan<byte> content) => Convert.ToHexStringLower(SHA256.HashData(content));
}
