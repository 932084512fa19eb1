namespace ModelScale.Profiles.Store;

/// <summary>What a pull did.</summary>
public sealed record PullResult
{
    public required PullOutcome Outcome { get; init; }

    /// <summary>The profile's file.</summary>
    public required string Path { get; init; }

    /// <summary>Where it was (or would be) downloaded from; null for a local file.</summary>
    public Uri? Url { get; init; }

    /// <summary>The file's size, when it is on disk.</summary>
    public long? SizeBytes { get; init; }

    /// <summary>The file's SHA-256 when it was computed: always after a download, and for a file on disk that was verified.</summary>
    public string? Sha256 { get; init; }

    /// <summary>What the hash was checked against ("the catalog", "the lock file ..."), or null when nothing was known to check it with.</summary>
    public string? VerifiedAgainst { get; init; }

    /// <summary>The lock file the hash was recorded in by this pull, or null when it recorded nothing.</summary>
    public string? RecordedIn { get; init; }

    /// <summary>Bytes reused from an earlier partial download.</summary>
    public long ResumedFrom { get; init; }

    /// <summary>Bytes of an earlier partial download thrown away because the server does not resume downloads.</summary>
    public long DiscardedBytes { get; init; }
}
