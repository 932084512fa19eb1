using System.Security.Cryptography;

namespace ModelScale.Profiles.Store;

/// <summary>Feeds a file's bytes into a running SHA-256, reporting progress as it goes.</summary>
internal static class FileHashing
{
    public const int BufferSize = 1 << 20;

    /// <summary>Appends the file's bytes to <paramref name="hash"/> and returns how many there were.</summary>
    public static async Task<long> AppendFileAsync(IncrementalHash hash, string path, ProgressReporter progress, CancellationToken cancellationToken)
    {
        await using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, BufferSize, FileOptions.Asynchronous | FileOptions.SequentialScan);
        var total = file.Length;
        var buffer = new byte[BufferSize];
        long done = 0;
        progress.Report(done, total);
        int read;
        while ((read = await file.ReadAsync(buffer, cancellationToken)) > 0)
        {
            hash.AppendData(buffer, 0, read);
            done += read;
            progress.Report(done, total);
        }

        progress.Report(done, total, final: true);
        return done;
    }

    /// <summary>The SHA-256 of a whole file in lowercase hex.</summary>
    public static async Task<string> Sha256Async(string path, ProgressReporter progress, CancellationToken cancellationToken)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        await AppendFileAsync(hash, path, progress, cancellationToken);
        return Hex(hash.GetHashAndReset());
    }

    public static string Hex(byte[] digest) => Convert.ToHexStringLower(digest);
}
