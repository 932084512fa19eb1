namespace ModelScale.Profiles.Store;

/// <summary>What the first download of one file in the models folder was: later pulls of the file must match it.</summary>
/// <param name="Url">Where the file was downloaded from.</param>
/// <param name="SizeBytes">Its exact size.</param>
/// <param name="Sha256">Its SHA-256 in lowercase hex.</param>
/// <param name="DownloadedAt">When the download finished.</param>
public sealed record ModelLockEntry(Uri Url, long SizeBytes, string Sha256, DateTimeOffset DownloadedAt);
