namespace ModelScale.Profiles.Store;

/// <summary>
/// A lock file held open with <see cref="FileShare.None"/> for as long as this object lives, so a second process (or a second
/// pull in this one) cannot take it. The file is deleted on close, and the operating system drops the lock if the process dies.
/// </summary>
public sealed class ExclusiveFileLock : IDisposable
{
    private readonly FileStream _stream;

    private ExclusiveFileLock(FileStream stream) => _stream = stream;

    /// <summary>The lock file's full path.</summary>
    public string Path => _stream.Name;

    /// <summary>Takes the lock, or returns null when someone else holds it.</summary>
    public static ExclusiveFileLock? TryAcquire(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        try
        {
            return new ExclusiveFileLock(new FileStream(
                path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, bufferSize: 1, FileOptions.DeleteOnClose));
        }
        catch (IOException ex) when (ex is not (FileNotFoundException or DirectoryNotFoundException or PathTooLongException))
        {
            return null;
        }
    }

    public void Dispose() => _stream.Dispose();
}
