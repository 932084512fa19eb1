using System.Runtime.InteropServices;
using System.Runtime.Versioning;

namespace ModelScale.Profiles.Hardware;

/// <summary>GlobalMemoryStatusEx from kernel32: the Windows view of physical memory.</summary>
[SupportedOSPlatform("windows")]
internal static partial class WindowsMemoryStatus
{
    /// <summary>Available and total physical memory; null when the call fails.</summary>
    public static (long Available, long Total)? Read()
    {
        var status = new MemoryStatusEx { Length = (uint)Marshal.SizeOf<MemoryStatusEx>() };
        if (!GlobalMemoryStatusEx(ref status))
        {
            return null;
        }

        return (ToLong(status.AvailablePhysical), ToLong(status.TotalPhysical));
    }

    private static long ToLong(ulong value) => value > long.MaxValue ? long.MaxValue : (long)value;

    [LibraryImport("kernel32.dll", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.System32)]
    [return: MarshalAs(UnmanagedType.Bool)]
    private static partial bool GlobalMemoryStatusEx(ref MemoryStatusEx buffer);

    /// <summary>MEMORYSTATUSEX.</summary>
    [StructLayout(LayoutKind.Sequential)]
    private struct MemoryStatusEx
    {
        public uint Length;
        public uint MemoryLoad;
        public ulong TotalPhysical;
        public ulong AvailablePhysical;
        public ulong TotalPageFile;
        public ulong AvailablePageFile;
        public ulong TotalVirtual;
        public ulong AvailableVirtual;
        public ulong AvailableExtendedVirtual;
    }
}
