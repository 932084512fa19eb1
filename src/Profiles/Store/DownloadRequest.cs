namespace ModelScale.Profiles.Store;

/// <summary>One file to download into a folder, with what it must turn out to be.</summary>
public sealed record DownloadRequest
{
    public required Uri Url { get; init; }

    /// <summary>The final path; the bytes go to <c>{TargetPath}.partial</c> first, in the same folder.</summary>
    public required string TargetPath { get; init; }

    /// <summary>The exact size the file must have, when known.</summary>
    public long? ExpectedSize { get; init; }

    /// <summary>The SHA-256 (hex) the file must have, when known.</summary>
    public string? ExpectedSha256 { get; init; }

    /// <summary>Where <see cref="ExpectedSize"/> comes from, for messages: "the catalog", "the lock file ...".</summary>
    public string ExpectedSizeFrom { get; init; } = "the catalog";

    /// <summary>Where <see cref="ExpectedSha256"/> comes from, for messages.</summary>
    public string ExpectedSha256From { get; init; } = "the catalog";

    /// <summary>Replace a file already at <see cref="TargetPath"/> once the new one is verified (pull --force).</summary>
    public bool ReplaceExisting { get; init; }
}
