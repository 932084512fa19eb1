namespace ModelScale.Profiles.Store;

/// <summary>One progress report of a download or of hashing a file already on disk.</summary>
/// <param name="Stage">Whether bytes are being hashed from disk or received from the server.</param>
/// <param name="FileName">The file's name in the models folder.</param>
/// <param name="BytesDone">Bytes done so far, counting those a resumed download already had.</param>
/// <param name="TotalBytes">The file's full size, or null when the server did not say.</param>
/// <param name="BytesPerSecond">The recent rate, or null until there are two samples to measure it.</param>
/// <param name="Eta">The time left at the recent rate, or null when the size or the rate is unknown.</param>
/// <param name="ResumedFrom">Bytes that were already on disk when the download started (0 for a fresh one).</param>
/// <param name="DiscardedBytes">Bytes of a partial file thrown away because the server did not resume (0 when it did, or there were none).</param>
public readonly record struct DownloadProgress(
    DownloadStage Stage,
    string FileName,
    long BytesDone,
    long? TotalBytes,
    double? BytesPerSecond,
    TimeSpan? Eta,
    long ResumedFrom,
    long DiscardedBytes = 0);
