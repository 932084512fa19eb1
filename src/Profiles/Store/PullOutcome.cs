namespace ModelScale.Profiles.Store;

/// <summary>How a pull ended without an error.</summary>
public enum PullOutcome
{
    /// <summary>The file was downloaded (or a partial one finished) and verified.</summary>
    Downloaded,

    /// <summary>The file was already in the models folder; nothing was downloaded.</summary>
    AlreadyOnDisk,

    /// <summary>The profile points at a local file, so there is nothing to pull.</summary>
    LocalFile,
}
