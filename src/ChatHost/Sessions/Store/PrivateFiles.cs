using ModelScale.Profiles.Files;

namespace ModelScale.ChatHost.Sessions.Store;

/// <summary>
/// Files that hold what people said (the session database, saved conversations, replay reports) are private: created
/// 0600, in folders created 0700. The mode is given when the file is created (not changed afterwards), so there is no
/// moment at which another account could open it. Windows keeps its inherited ACLs (the user's profile is private).
/// </summary>
public static class PrivateFiles
{
    public const UnixFileMode FileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    public const UnixFileMode FolderMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    /// <summary>Creates the folder and each missing parent 0700; a folder that exists keeps its mode.</summary>
    public static void CreateFolder(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
            return;
        }

        // Directory.CreateDirectory(path, mode) gives the mode to the last folder only; the parents it creates get the
        // umask's, so the missing ones are created one by one from the top.
        var missing = new Stack<string>();
        for (var folder = Path.GetFullPath(path); !Directory.Exists(folder); folder = Path.GetDirectoryName(folder)!)
        {
            missing.Push(folder);
            if (Path.GetDirectoryName(folder) is null)
            {
                break;
            }
        }

        while (missing.TryPop(out var folder))
        {
            Directory.CreateDirectory(folder, FolderMode);
        }
    }

    /// <summary>Opens a new file for writing, created 0600; fails when the path exists (no link or file is followed).</summary>
    public static FileStream CreateNew(string path) => Open(path, System.IO.FileMode.CreateNew);

    /// <summary>Opens a file for writing, created 0600 or truncated and narrowed to 0600 when it exists.</summary>
    public static FileStream Create(string path)
    {
        var stream = Open(path, System.IO.FileMode.Create);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(stream.SafeFileHandle, FileMode);
        }

        return stream;
    }

    /// <summary>Writes a whole text file 0600 (see <see cref="Create"/>).</summary>
    public static void WriteAllText(string path, string text)
    {
        using var stream = Create(path);
        using var writer = new StreamWriter(stream);
        writer.Write(text);
    }

    /// <summary>Writes a whole binary file 0600 (see <see cref="Create"/>).</summary>
    public static void WriteAllBytes(string path, byte[] bytes)
    {
        using var stream = Create(path);
        stream.Write(bytes);
    }

    /// <summary>Narrows an existing file to 0600 (a database written by an older build); does nothing when absent.</summary>
    public static void Narrow(string path)
    {
        if (!OperatingSystem.IsWindows() && FileKinds.OfLink(path) == FileKind.Regular && (File.GetUnixFileMode(path) & ~FileMode) != 0)
        {
            File.SetUnixFileMode(path, FileMode);
        }
    }

    private static FileStream Open(string path, System.IO.FileMode mode)
    {
        var options = new FileStreamOptions { Mode = mode, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = FileMode;
        }

        return new FileStream(path, options);
    }
}
