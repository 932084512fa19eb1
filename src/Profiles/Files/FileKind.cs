using System.Runtime.InteropServices;

namespace ModelScale.Profiles.Files;

/// <summary>What a path names, as the kernel sees it (symbolic links followed).</summary>
public enum FileKind
{
    Missing,
    Regular,
    Directory,
    Fifo,
    CharacterDevice,
    BlockDevice,
    Socket,

    /// <summary>The platform gave no type (a system where the check is not implemented); treated as regular.</summary>
    Unknown,
}

/// <summary>
/// Asks the kernel what a path is before anything opens it: a FIFO blocks <c>open()</c> forever, and a device such as
/// /dev/zero never ends. .NET has no managed API for the file type, so Linux is asked through <c>statx</c> (whose
/// struct has the same layout on every architecture); Windows through the file attributes; elsewhere only folders
/// are told apart.
/// </summary>
public static partial class FileKinds
{
    private const int AtFdCwd = -100;
    private const uint StatxType = 0x1;
    private const int StatxModeOffset = 28;
    private const int StatxBufferSize = 256;
    private const int TypeMask = 0xF000;

    public static FileKind Of(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (OperatingSystem.IsLinux())
        {
            var kind = LinuxKind(path);
            if (kind is not null)
            {
                return kind.Value;
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

    private static FileKind? LinuxKind(string path)
    {
        var buffer = new byte[StatxBufferSize];
        int result;
        try
        {
            result = Statx(AtFdCwd, path, 0, StatxType, buffer);
        }
        catch (EntryPointNotFoundException)
        {
            return null; // a C library older than glibc 2.28: fall back to what .NET can tell
        }

        if (result != 0)
        {
            return Marshal.GetLastPInvokeError() is 2 or 20 ? FileKind.Missing : null; // ENOENT, ENOTDIR
        }

        var mode = BitConverter.ToUInt16(buffer, StatxModeOffset) & TypeMask;
        return mode switch
        {
            0x8000 => FileKind.Regular,
            0x4000 => FileKind.Directory,
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
