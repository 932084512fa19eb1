using System.Runtime.InteropServices;

namespace ModelScale.Profiles.Files;

/// <summary>
/// Asks the kernel what a path is before anything opens it: a FIFO blocks <c>open()</c> forever, a device such as
/// /dev/zero never ends, and a file written by ModelScale must never replace a symbolic link. .NET has no managed API
/// for the file type (nor a public lstat), so Linux is asked through <c>statx</c> (whose buffer has one layout on every
/// architecture); Windows through the file attributes; elsewhere only links and folders are told apart from files.
/// </summary>
/// <remarks>
/// The one place that calls statx: readers of user-named files (<see cref="InputFile"/>) use <see cref="Of"/>, which
/// follows links; writers of private files (sessions, /save) use <see cref="OfLink"/>, which does not.
/// </remarks>
public static partial class FileKinds
{
    private const int AtFdCwd = -100;
    private const int AtSymlinkNoFollow = 0x100;
    private const uint StatxType = 0x1;
    private const int StatxModeOffset = 28;
    private const int StatxBufferSize = 256;
    private const int TypeMask = 0xF000;
    private const int NoEntry = 2;
    private const int NotADirectory = 20;

    /// <summary>
    /// What <paramref name="path"/> names, symbolic links followed (a dangling link is <see cref="FileKind.Missing"/>).
    /// When the kernel cannot say (no permission, no statx), what .NET can tell.
    /// </summary>
    /// <exception cref="ArgumentException">The path is empty or holds a NUL character.</exception>
    public static FileKind Of(string path)
    {
        CheckPath(path);
        if (OperatingSystem.IsLinux())
        {
            var kind = LinuxKind(path, followLinks: true, out var error);
            if (kind is not null)
            {
                return kind.Value;
            }

            if (error is NoEntry or NotADirectory)
            {
                return FileKind.Missing;
            }
        }

        if (Directory.Exists(path))
        {
            return FileKind.Directory;
        }

        if (!File.Exists(path))
        {
            return FileKind.Missing;
        }

        if (OperatingSystem.IsWindows())
        {
            return (File.GetAttributes(path) & FileAttributes.Device) != 0 ? FileKind.CharacterDevice : FileKind.Regular;
        }

        return FileKind.Unknown;
    }

    /// <summary>What <paramref name="path"/> itself is, without following a symbolic link (lstat).</summary>
    /// <exception cref="ArgumentException">The path is empty or holds a NUL character.</exception>
    /// <exception cref="IOException">The kernel cannot look at the path (no permission, a loop, a name too long).</exception>
    public static FileKind OfLink(string path)
    {
        CheckPath(path);
        if (OperatingSystem.IsLinux())
        {
            var kind = LinuxKind(path, followLinks: false, out var error);
            if (kind is not null)
            {
                return kind.Value;
            }

            if (error is NoEntry or NotADirectory)
            {
                return FileKind.Missing;
            }

            if (error != 0)
            {
                throw new IOException($"Cannot look at {path}: {Marshal.GetPInvokeErrorMessage(error)}.");
            }
        }

        var info = new FileInfo(path);
        if (info.LinkTarget is not null)
        {
            return FileKind.SymbolicLink;
        }

        return Directory.Exists(path) ? FileKind.Directory : info.Exists ? FileKind.Regular : FileKind.Missing;
    }

    private static void CheckPath(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (path.Contains('\0', StringComparison.Ordinal))
        {
            throw new ArgumentException("A path cannot hold a NUL character.", nameof(path));
        }
    }

    /// <summary>The kind statx reports; null with the errno when it fails, or with 0 when the C library has no statx.</summary>
    private static FileKind? LinuxKind(string path, bool followLinks, out int error)
    {
        var buffer = new byte[StatxBufferSize];
        try
        {
            if (Statx(AtFdCwd, path, followLinks ? 0 : AtSymlinkNoFollow, StatxType, buffer) != 0)
            {
                error = Marshal.GetLastPInvokeError();
                return null;
            }
        }
        catch (EntryPointNotFoundException)
        {
            error = 0; // a C library older than glibc 2.28: fall back to what .NET can tell
            return null;
        }

        error = 0;
        return (BitConverter.ToUInt16(buffer, StatxModeOffset) & TypeMask) switch
        {
            0x8000 => FileKind.Regular,
            0x4000 => FileKind.Directory,
            0xA000 => FileKind.SymbolicLink,
            0x1000 => FileKind.Fifo,
            0x2000 => FileKind.CharacterDevice,
            0x6000 => FileKind.BlockDevice,
            0xC000 => FileKind.Socket,
            _ => FileKind.Unknown,
        };
    }

    [LibraryImport("libc", EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Statx(int dirfd, string path, int flags, uint mask, [Out] byte[] buffer);
}
