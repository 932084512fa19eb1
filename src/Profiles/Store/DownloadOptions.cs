using ModelScale.Profiles.Units;

namespace ModelScale.Profiles.Store;

/// <summary>Tuning for <see cref="ModelDownloader"/>; the defaults suit a real download.</summary>
public sealed record DownloadOptions
{
    /// <summary>Free space required beyond the bytes still to download.</summary>
    public long FreeSpaceMargin { get; init; } = 64 * ByteSize.MiB;

    /// <summary>How long the server may send nothing before the download counts as broken.</summary>
    public TimeSpan StallTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>The least time between two progress reports.</summary>
    public TimeSpan ProgressInterval { get; init; } = TimeSpan.FromMilliseconds(100);
}
