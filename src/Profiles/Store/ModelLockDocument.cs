namespace ModelScale.Profiles.Store;

/// <summary>The JSON shape of <c>modelscale.lock.json</c>: a version and one entry per file name.</summary>
internal sealed record ModelLockDocument
{
    public const int CurrentVersion = 1;

    public int Version { get; init; } = CurrentVersion;

    public Dictionary<string, ModelLockEntry> Files { get; init; } = new(StringComparer.Ordinal);
}
