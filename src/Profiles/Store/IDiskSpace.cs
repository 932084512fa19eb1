namespace ModelScale.Profiles.Store;

/// <summary>Free space on the drive that holds a folder; injectable so tests can simulate a full disk.</summary>
public interface IDiskSpace
{
    /// <summary>Bytes the current user may still write on the drive holding <paramref name="directory"/>, or null when unknown.</summary>
    long? GetAvailableBytes(string directory);
}

/// <summary>The real drives, through <see cref="DriveInfo"/>.</summary>
public sealed class SystemDiskSpace : IDiskSpace
{
    public static SystemDiskSpace Instance { get; } = new();

    public long? GetAvailableBytes(string directory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        try
        {
            // DriveInfo takes the mount point that holds the path on Unix, and the drive letter on Windows.
            return new DriveInfo(Path.GetFullPath(directory)).AvailableFreeSpace;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return null;
        }
    }
}
