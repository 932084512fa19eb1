namespace ModelScale.Profiles.Store;

/// <summary>What a pull is doing while it reports progress.</summary>
public enum DownloadStage
{
    /// <summary>Hashing bytes already on disk: a partial file before resuming, or a finished file being verified.</summary>
    Hashing,

    /// <summary>Receiving bytes from the server.</summary>
    Downloading,
}
