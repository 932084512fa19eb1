namespace ModelScale.Profiles.Store;

/// <summary>A finished, verified download.</summary>
/// <param name="Path">The final path of the file.</param>
/// <param name="SizeBytes">Its size.</param>
/// <param name="Sha256">Its SHA-256 in lowercase hex.</param>
/// <param name="ResumedFrom">Bytes reused from an earlier partial file (0 when the download started from scratch).</param>
public sealed record DownloadResult(string Path, long SizeBytes, string Sha256, long ResumedFrom)
{
    /// <summary>Bytes of an earlier partial file thrown away because the server sent the whole file again.</summary>
    public long DiscardedBytes { get; init; }
}
