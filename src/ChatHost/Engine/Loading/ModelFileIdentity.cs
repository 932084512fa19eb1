using System.Security.Cryptography;

namespace ModelScale.ChatHost.Engine.Loading;

/// <summary>
/// Which file a probe verdict is about: its full path, size, last write time and a hash of its first bytes (the
/// GGUF header, where every metadata problem lives). A file replaced or rewritten in place gets a new identity.
/// </summary>
public sealed record ModelFileIdentity(string Path, long Size, long LastWriteUtcTicks, string HeaderSha256)
{
    /// <summary>How much of the file the hash covers: the header of any model with a vocabulary below ~100k tokens, and a good part of larger ones.</summary>
    public const int HashedBytes = 4 * 1024 * 1024;

    /// <exception cref="IOException">The file cannot be read.</exception>
    public static ModelFileIdentity Of(string path)
    {
        var full = System.IO.Path.GetFullPath(path);
        var info = new FileInfo(full);
        using var stream = new FileStream(full, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.SequentialScan);
        var buffer = new byte[(int)Math.Min(HashedBytes, info.Length)];
        stream.ReadExactly(buffer);
        return new ModelFileIdentity(full, info.Length, info.LastWriteTimeUtc.Ticks, Convert.ToHexStringLower(SHA256.HashData(buffer)));
    }
}
