using System.Runtime.InteropServices;

namespace ModelScale.ChatHost.Sessions.Store;

/// <summary>What a path names, without following a symbolic link.</summary>
public enum FileKind
{
    Absent,
    Regular,
    Directory,
    SymbolicLink,

    /// <summary>A FIFO, a character or block device, or a socket: nothing a file written by ModelScale may replace.</summary>
    Special,
}

/// <summary>
/// Tells what a path is before it is opened, so that writing a save never blocks on a FIFO, never writes into a device
/// and never replaces a symbolic link. .NET has no public lstat, so on Linux this asks statx(2), whose buffer has one
/// layout on every architecture; elsewhere it tells links and folders from files (FIFOs are a Unix matter).
/// </summary>
public static partial class FileKinds
{
    private const int AtFdCwd = -100;
    private const int AtSymlinkNoFollow = 0x100;
    private const uint StatxType = 0x1;
    private const int ModeOffset = 0x1C;
    private const int StatxSize = 0x100;
    private const int NoEntry = 2;
    private const int NotADirectory = 20;

    public static FileKind Of(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (path.Contains('\0', StringComparison.Ordinal))
        {
            throw new ArgumentException("A path cannot hold a NUL character.", nameof(path));
        }

        return OperatingSystem.IsLinux() ? OfLinux(path) : OfManaged(path);
    }

    private static unsafe FileKind OfLinux(string path)
    {
        var buffer = stackalloc byte[StatxSize];
        if (Statx(AtFdCwd, path, AtSymlinkNoFollow, StatxType, buffer) != 0)
        {
            var error = Marshal.GetLastPInvokeError();
            return error is NoEntry or NotADirectory ? FileKind.Absent : throw new IOException($"Cannot look at {path}: {Marshal.GetPInvokeErrorMessage(error)}.");
        }

        var mode = *(ushort*)(buffer + ModeOffset);
        return (mode & 0xF000) switch
        {
            0x8000 => FileKind.Regular,
            0x4000 => FileKind.Directory,
            0xA000 => FileKind.SymbolicLink,
            _ => FileKind.Special,
        };
    }

    private static FileKind OfManaged(string path)
    {
        var info = new FileInfo(path);
        if (info.LinkTarget is not null)
        {
            return FileKind.SymbolicLink;
        }

        return Directory.Exists(path) ? FileKind.Directory : info.Exists ? FileKind.Regular : FileKind.Absent;
    }

    [LibraryImport("libc", EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static unsafe partial int Statx(int directory, string path, int flags, uint mask, byte* buffer);
}
